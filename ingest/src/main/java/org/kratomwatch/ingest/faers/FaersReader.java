package org.kratomwatch.ingest.faers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.ReportSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads FDA FAERS quarterly ASCII extracts (2012Q4 on) and legacy AERS extracts (2004Q1-2012Q3)
 * into the common model, pushing every input record, in input order, into a {@link ReportSink} as
 * exactly one report, retraction or quarantine item.
 *
 * <h2>Inputs</h2>
 * {@link #read(Path, ReportSink)} takes FDA's quarterly zip ({@code faers_ascii_2022Q4.zip}, entries
 * such as {@code ASCII/DEMO22Q4.txt} or {@code ascii/DEMO04Q1.TXT}), the same unzipped into a
 * folder, or a folder holding many quarters as zips, folders or loose files (searched four levels
 * deep), read in quarter order ({@link FaersQuarter}, from the {@code yyQq} in the names). A quarter
 * found twice (a zip and its unzipped copy side by side) is refused rather than read twice. Each
 * quarter's DEMO rows are joined with its DRUG, REAC and OUTC rows by {@code primaryid} (FAERS) or
 * {@code isr} (legacy AERS: the DEMO header decides); then its deleted-case lists
 * ({@code Deleted/DELETE22Q4.txt}, or a loose {@code DELETEyyQq.txt}; one caseid per line, a header
 * line and blank lines allowed) become {@link org.kratomwatch.ingest.model.Retraction}s.
 * {@link #readZip(InputStream, String, ReportSink)} reads one zip from a stream. INDI, THER and RPSR
 * are not read: the model holds nothing from them.
 *
 * <h2>Text</h2>
 * {@code $}-separated, quotes not special, header line in any case, LF or CRLF, blank lines skipped.
 * A trailing {@code $} is allowed on the header, and then on rows (one empty field more than the
 * header names); legacy AERS rows may carry it even when their header does not (FDA wrote them so).
 * In FAERS files without it in the header the field count must be exact, so that a row with a stray
 * {@code $} in free text is caught even when its last field is empty. Each line is decoded as UTF-8
 * when it is valid UTF-8, else as ISO-8859-1 in its windows-1252 form (0x80-0x9F are the curly
 * quotes, dashes and euro sign of Windows text, not invisible C1 controls), so no byte sequence
 * makes decoding fail. A line is BROKEN_ENCODING when it holds C0 control bytes (NUL and the like:
 * binary data) or, not being UTF-8, one of the five bytes windows-1252 leaves undefined (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D). Fields are parsed from the bytes in place; only the text the model keeps
 * becomes Strings.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>caseid (legacy {@code case}) to caseId; caseversion to caseVersion. Legacy AERS has no case
 *       version ({@code foll_seq} is blank on most follow-ups), and its {@code isr} is a public report
 *       id that would undo the case pseudonym, so a legacy version is derived from the quarter and
 *       the follow-up status: {@code (year*10 + quarter)*1000 + s}, s = 0 for an initial report
 *       ({@code i_f_cod} I or blank), 1 + foll_seq (capped at 998; blank counts as 0) for a follow-up.
 *       Later quarters thus always win, and within a quarter a follow-up beats the initial report.
 *   <li>fda_dt, else init_fda_dt: YYYYMMDD or YYYYMM to receivedMonth; YYYY alone gives no month.
 *       dataPeriod is the file's quarter, e.g. {@code 2022Q4}.
 *   <li>age with age_cod (YR, MON, WK, DY, HR, DEC, also spelled out) to ageYears; an age that is not
 *       a number (FEW, U), has no unit or exceeds 150 years becomes null and is counted
 *       ({@link FaersReadSummary.QuarterCounts#agesDiscarded()}), never quarantined.
 *   <li>sex, legacy gndr_cod: F, M; UNK, NS (not specified) and blank are UNKNOWN.
 *   <li>occp_cod: MD physician, PH pharmacist, OT and HP other health professional, LW lawyer, CN
 *       consumer; blank is UNKNOWN.
 *   <li>reporter_country: blank and COUNTRY NOT SPECIFIED to null; two letters kept (upper case);
 *       an English country name mapped to its ISO code where the JDK's name matches (UNITED STATES
 *       to US), else kept upper-cased for a later mapping.
 *   <li>OUTC outc_cod (DE, LT, HO, DS, CA, RI, OT) to outcomes; serious when any is present.
 *   <li>DRUG rows in drug_seq order: drugname, prod_ai (FAERS 2014Q3 on), role_cod PS, SS, C, I
 *       (blank is UNKNOWN). REAC pt as given (trimmed).
 *   <li>Exact dates, mfr_num, auth_num, lit_ref, weights, narratives: never read into the model.
 * </ul>
 *
 * <h2>Quarantine</h2>
 * A DEMO row with the wrong number of fields, broken encoding, no usable primaryid/isr or caseid, a
 * bad caseversion (BAD_NUMBER, MISSING_FIELD), an fda_dt that is not a real date (BAD_DATE), or a
 * value outside the code lists of sex, occp_cod or age_cod (UNKNOWN_CODE) is quarantined with its
 * file and line, and its well-formed child rows go with it. A DEMO row repeating the primaryid of an
 * earlier one is a DUPLICATE (the child rows went to the first), and so is a line of any table that
 * repeats the header, as when files are joined. A DRUG/REAC/OUTC row is quarantined
 * on its own when it is malformed (wrong field count, broken encoding, role_cod or outc_cod outside
 * the list, non-numeric drug_seq, empty drugname and prod_ai, empty pt or outc_cod), and its report
 * is emitted without it; when it has no key (MISSING_ID); or when no DEMO row has its key
 * (ORPHAN_ROW). A table that ends early (truncated or corrupt archive) is one TRUNCATED_ARCHIVE item,
 * and every report whose rows may be in the lost part is quarantined TRUNCATED_ARCHIVE rather than
 * emitted incomplete; a zip without a readable central directory is read entry by entry as far as
 * its data goes, plus one item for the archive. Input that cannot be read at all (missing, not a
 * zip, no DEMO file, no header, a quarter with DEMO but no DRUG) throws
 * {@link UnreadableInputException} naming the file.
 *
 * <h2>Accounting</h2>
 * A <em>record</em> is: a non-blank DEMO line after the header; a non-blank deleted-case line that is
 * not its header; a DRUG, REAC or OUTC line that cannot join a DEMO line (malformed, keyless, or no
 * DEMO line has its key); a table that ends early; an archive read without its central directory.
 * Well-formed DRUG/REAC/OUTC lines that join a DEMO line are part of that line's record. Every
 * record ends in exactly one call of the sink, and {@link FaersReadSummary} counts both sides
 * ({@code records() == emitted()}, checked per quarter).
 *
 * <h2>Join and memory</h2>
 * FDA sorts every table by its key's text (2022Q4: {@code 100115733 < 1002130537 < 100234223}). In
 * mode {@link Join#AUTO} (the default) the reader first reads the keys of DEMO, DRUG, REAC and OUTC
 * once (a pre-scan: one more sequential read of those four tables, inflating them again from a
 * zip; about a fifth more CPU for a zip, a quarter more for a folder) and then joins:
 * <ul>
 *   <li><b>MERGE</b>, when all four are sorted in one order (text order, or numeric): a streaming
 *       merge join with one cursor per file. Memory: one read buffer per open table (256 KiB each,
 *       growing only for a longer line) plus the rows of the one report being assembled; nothing
 *       grows with the file. Orphan rows are emitted as the DEMO cursor passes their key.
 *   <li><b>INDEX</b>, otherwise: each child table is indexed in one pass, keeping for every row its
 *       key, byte offset, length and line number (28 bytes a row plus one bit, never its text;
 *       about twice that for the table being indexed while its arrays grow), sorted by key; DEMO is
 *       then streamed in file order, each report's child rows read back by offset (positional
 *       reads), and at the end the rows no DEMO row claimed are quarantined in file order. DEMO
 *       keys are kept in a hash set (11 to 21 bytes a report) to catch duplicates. For a real
 *       quarter (~400,000 reports, ~3.5 million child rows) that is about 100 MB of heap (measured:
 *       400,000 reports with 2.9 million child rows are read in a 128 MB heap; MERGE reads them in
 *       24 MB). Child tables inside a zip are first inflated to temporary files (deleted
 *       afterwards; disk = their uncompressed size, about 0.3 to 2 GB a quarter); tables in a
 *       folder are read in place. About five times slower than MERGE: it is the fallback.
 * </ul>
 * {@link Join#MERGE} skips the pre-scan and trusts FDA's text order, checking it as it goes; an
 * unsorted table then stops the read with {@link UnreadableInputException} (reports before that
 * point have been emitted). {@link Join#INDEX} always indexes. {@link #readZip} also needs the
 * zip's compressed size on disk (a temporary copy). Latest-version selection across quarters is
 * not the reader's job: every version is emitted; see
 * {@link org.kratomwatch.ingest.accounting.LatestVersionTracker}.
 *
 * <p>A reader is immutable and can be shared; each call reads on the calling thread.
 */
public final class FaersReader {

    private static final Logger LOG = LoggerFactory.getLogger(FaersReader.class);

    /** How the tables of a quarter are joined (see the class comment). */
    public enum Join {
        /** Pre-scan the keys; merge join when sorted, index join otherwise. */
        AUTO,
        /** Merge join without pre-scan, trusting text order; stops on unsorted input. */
        MERGE,
        /** Index join, whatever the order. */
        INDEX
    }

    private final Join join;
    private final Path tempDir;
    private final int bufferSize;

    /** A reader in mode {@link Join#AUTO}, with temporary files in {@code java.io.tmpdir}. */
    public FaersReader() {
        this(Join.AUTO);
    }

    public FaersReader(Join join) {
        this(join, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param join    how to join
     * @param tempDir where the INDEX join and {@link #readZip} put temporary files
     */
    public FaersReader(Join join, Path tempDir) {
        this(join, tempDir, LineSource.DEFAULT_BUFFER);
    }

    FaersReader(Join join, Path tempDir, int bufferSize) {
        this.join = Objects.requireNonNull(join, "join");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.bufferSize = bufferSize;
    }

    /**
     * Reads a quarterly zip, a quarter's folder, a folder of quarters or a deleted-case list.
     *
     * @return what was read
     * @throws UnreadableInputException when the input cannot be read at all
     * @throws UncheckedIOException     on an I/O error other than a damaged archive (a disk error,
     *                                  no room for temporary files)
     */
    public FaersReadSummary read(Path input, ReportSink sink) {
        return read(input, null, sink);
    }

    /**
     * Reads one quarterly zip from a stream (copied to a temporary file first: a zip's tables must
     * be read side by side). The stream is read to its end and not closed.
     *
     * @param name the archive's name for origins, e.g. {@code faers_ascii_2022Q4.zip}; it should
     *             contain the quarter
     */
    public FaersReadSummary readZip(InputStream zip, String name, ReportSink sink) {
        Objects.requireNonNull(name, "name");
        Path temp = null;
        try {
            temp = Files.createTempFile(tempDir, "kratomwatch-faers-", ".zip");
            Files.copy(zip, temp, StandardCopyOption.REPLACE_EXISTING);
            return read(temp, name, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("cannot delete temporary file {}: {}", temp, e.toString());
                }
            }
        }
    }

    /** The quarters an input holds, in the order {@link #read} reads them (nothing is read but names). */
    public static List<FaersQuarter> quarters(Path input) {
        List<FaersQuarter> out = new ArrayList<>();
        for (Inputs.QuarterPlan p : Inputs.discover(input, null)) {
            out.add(p.quarter);
        }
        return out;
    }

    private FaersReadSummary read(Path input, String displayName, ReportSink sink) {
        Objects.requireNonNull(sink, "sink");
        List<Inputs.QuarterPlan> plans = Inputs.discover(input, displayName);
        List<FaersReadSummary.QuarterCounts> out = new ArrayList<>();
        for (Inputs.QuarterPlan plan : plans) {
            long t0 = System.nanoTime();
            FaersReadSummary.QuarterCounts c;
            try (Archives archives = new Archives()) {
                c = new QuarterReader(plan, sink, join, archives, tempDir, bufferSize).read();
            } catch (IOException e) {
                throw new UncheckedIOException(plan.quarter + " of " + input + ": " + e.getMessage(), e);
            }
            if (c.records() != c.emitted()) {
                throw new IllegalStateException("FAERS " + plan.quarter + ": " + c.records() + " records read but "
                        + c.emitted() + " items emitted (a bug in the reader)");
            }
            if (LOG.isInfoEnabled()) {
                LOG.info("FAERS {} ({}, {} join): {} DEMO rows -> {} reports, {} retractions, {} quarantined {}"
                        + " in {} ms", plan.quarter, c.source(), c.join(), c.demoRows(), c.reports(), c.retractions(),
                        c.quarantinedTotal(), c.quarantined(), (System.nanoTime() - t0) / 1_000_000);
            }
            out.add(c);
        }
        return new FaersReadSummary(out);
    }
}
