package org.kratomwatch.ingest.e2b;

import org.kratomwatch.ingest.io.Tally;
import org.kratomwatch.ingest.io.ReadSummary;
import org.kratomwatch.ingest.io.InputFiles;
import java.io.BufferedReader;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ICH E2B safety reports with StAX ({@link XMLStreamReader}, never a DOM), from a file, a
 * folder or zips (FDA's {@code faers_xml_2022q1.zip}): E2B(R2) {@code ichicsr} files — FDA's FAERS
 * quarterly XML among them — and E2B(R3) HL7 v3 batches ({@code MCCI_IN200100UV01} of
 * {@code PORR_IN049016UV} messages, or a bare {@code PORR_IN049016UV}). The dialect is recognized
 * from the root element, not the file name. The field mapping of each dialect is in the package
 * documentation.
 *
 * <h2>Which files</h2>
 * In a folder or zip: {@code *.xml} files, and FAERS deleted-case lists ({@code DELETE*.txt}, one
 * case id a line) whose lines become {@linkplain Retraction retractions} of FAERS cases. Skipped:
 * E2B(R3) acknowledgements ({@code *.ack}: receipts for a submission, they carry no case),
 * legacy AERS SGML ({@code *.sgm}: see the package documentation) and any other file. A file named
 * directly is read whatever its name; an acknowledgement or any other XML that is not an ICSR
 * file is then one INVALID_XML record saying so, and an SGML file one OTHER record.
 *
 * <h2>Source and data period</h2>
 * An {@code ichicsr} file named like FDA's quarterly files ({@code ADR22Q1.xml},
 * {@code 1_ADR22Q1.xml}) is FAERS: source {@link Source#FAERS} (so that its case ids, which are
 * FAERS case ids, share their keys with the FAERS ASCII files), data period the file's quarter.
 * Every other ICSR is source {@link Source#E2B}, data period the quarter of the received month.
 *
 * <h2>Records and accounting</h2>
 * A <em>record</em> is a {@code safetyreport} element (R2) or a {@code PORR_IN049016UV} message
 * (R3), numbered from 1 in its file ({@link Origin} unit RECORD), or a non-blank line of a deleted
 * list (unit LINE). Each ends in exactly one sink call: a report, a retraction, or a quarantine
 * item — MISSING_ID (no safetyreportid / C.1.1 / C.1.8.1), BAD_NUMBER (safetyreportversion),
 * BAD_DATE (a malformed received date, or a malformed C.1.5 in R3, which orders versions).
 * XML that is not well formed ends the file: the record being read (or, between records, the next
 * position) becomes one INVALID_XML item at the parser's line (unit LINE), and reading goes on
 * with the next file; bytes that are not text in the document's encoding end it the same way as one
 * BROKEN_ENCODING item. A file that is not an ICSR at all is one INVALID_XML record at position 0; a
 * damaged zip one TRUNCATED_ARCHIVE record. So {@code reports + retractions + quarantined ==
 * records} ({@link ReadSummary#balanced()}).
 *
 * <h2>Security</h2>
 * The parser is the JDK's own ({@link XMLInputFactory#newDefaultFactory()}) with DTD support and
 * external entities off and external DTD and schema access refused: a DOCTYPE is never loaded
 * (FAERS files name {@code ich-icsr-v2.1.dtd}, which is not needed), and any entity reference
 * other than the five predefined ones is a well-formedness error, so XXE and entity-expansion
 * attacks end as INVALID_XML.
 *
 * <h2>Memory</h2>
 * One report at a time: its fields, drug and reaction lists (R3 also the drug-role references,
 * resolved when the message ends), plus the parser's buffers. Thread-safe: no state between calls.
 */
public final class E2bReader {

    private static final Logger LOG = LoggerFactory.getLogger(E2bReader.class);

    /** FDA's quarterly XML names: ADR22Q1.xml, 1_ADR22Q1.xml, 1_ADR22Q1_example.xml. */
    private static final Pattern FAERS_XML = Pattern.compile("(?i)(?:.*[^a-z])?ADR(\\d{2})Q([1-4])(?:[^0-9].*)?\\.xml");
    private static final Pattern DELETED_LIST = Pattern.compile("(?i)delete.*\\.txt");

    static final String R2_ROOT = "ichicsr";
    static final String R3_BATCH = "MCCI_IN200100UV01";
    static final String R3_MESSAGE = "PORR_IN049016UV";
    static final String R3_ACK = "MCCI_IN200101UV01";

    private final String fallbackDataPeriod;

    /** A reader that leaves the data period null for reports without a received date. */
    public E2bReader() {
        this(null);
    }

    /**
     * @param fallbackDataPeriod data period ({@code YYYYQn}) for non-FAERS reports without a usable
     *                           received date, or null to leave it null
     */
    public E2bReader(String fallbackDataPeriod) {
        if (fallbackDataPeriod != null && !fallbackDataPeriod.matches("\\d{4}Q[1-4]")) {
            throw new IllegalArgumentException("not a data period YYYYQn: " + fallbackDataPeriod);
        }
        this.fallbackDataPeriod = fallbackDataPeriod;
    }

    /** The hardened factory (see the class comment). */
    static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }

    /**
     * Reads an XML file (or a deleted list), a zip, or a folder (see the class comment for which
     * files of a folder or zip are read).
     *
     * @throws org.kratomwatch.ingest.UnreadableInputException when the input is missing, unreadable,
     *                                                         not a zip although named so, or holds
     *                                                         no file to read
     */
    public ReadSummary read(Path input, ReportSink sink) {
        Tally tally = new Tally(sink);
        Predicate<String> accept = name -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".xml") || DELETED_LIST.matcher(name).matches()) {
                return true;
            }
            if (n.endsWith(".ack")) {
                LOG.info("skipping {}: an E2B(R3) acknowledgement, not a safety report", name);
            } else if (n.endsWith(".sgm")) {
                LOG.warn("skipping {}: legacy AERS SGML is not read (use the legacy AERS ASCII files)", name);
            }
            return false;
        };
        InputFiles.forEach(input, accept, new InputFiles.Visitor() {
            @Override
            public void member(InputFiles.Member m) {
                tally.file();
                readMember(m, tally);
            }

            @Override
            public void archiveFailure(String archiveName, String message) {
                tally.file();
                fileFailure(tally, Source.E2B, archiveName, QuarantineReason.TRUNCATED_ARCHIVE, message);
            }
        });
        return tally.summary();
    }

    /**
     * Reads one XML document from a stream; the stream is not closed.
     *
     * @param fileName the name for {@link Origin}; it also decides FAERS versus E2B (see the class
     *                 comment)
     */
    public ReadSummary read(String fileName, InputStream xml, ReportSink sink) {
        Tally tally = new Tally(sink);
        tally.file();
        readXml(fileName, simpleName(fileName), xml, false, tally);
        return tally.summary();
    }

    private void readMember(InputFiles.Member m, Tally tally) {
        String simple = m.simpleName();
        if (DELETED_LIST.matcher(simple).matches()) {
            readDeleted(m, tally);
            return;
        }
        if (simple.toLowerCase(Locale.ROOT).endsWith(".sgm")) {
            fileFailure(tally, Source.FAERS_LEGACY, m.name(), QuarantineReason.OTHER,
                    "legacy AERS SGML is not read: use the legacy AERS ASCII files for 2004-2012Q3");
            return;
        }
        try (InputStream in = m.open()) {
            readXml(m.name(), simple, in, m.inArchive(), tally);
        } catch (IOException e) {
            fileFailure(tally, Source.E2B, m.name(), m.inArchive() ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                    "cannot read: " + InputFiles.oneLine(e));
        }
    }

    private static String simpleName(String name) {
        int i = Math.max(name.lastIndexOf('/'), Math.max(name.lastIndexOf('!'), name.lastIndexOf('\\')));
        return name.substring(i + 1);
    }

    static void fileFailure(Tally tally, Source source, String file, QuarantineReason reason, String message) {
        tally.record();
        tally.quarantine(new QuarantineItem(source, Origin.record(file, 0), reason, message, null));
    }

    /** A FAERS deleted-case list: one case id a line. */
    private void readDeleted(InputFiles.Member m, Tally tally) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(m.open(), StandardCharsets.UTF_8))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String id = line.strip();
                if (id.isEmpty()) {
                    continue;
                }
                tally.record();
                Origin origin = Origin.line(m.name(), n);
                if (id.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    tally.retraction(new Retraction(Source.FAERS, id, origin));
                } else {
                    tally.quarantine(new QuarantineItem(Source.FAERS, origin, QuarantineReason.MISSING_ID,
                            "deleted-case list line is not a case id", id.length() > 200 ? id.substring(0, 200) : id));
                }
            }
        } catch (IOException e) {
            fileFailure(tally, Source.FAERS, m.name(), m.inArchive() ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                    "cannot read: " + InputFiles.oneLine(e));
        }
    }

    /** Parses one XML document; every problem becomes a quarantine item. */
    private void readXml(String file, String simpleName, InputStream raw, boolean archived, Tally tally) {
        Matcher faers = FAERS_XML.matcher(simpleName);
        String faersPeriod = faers.matches() ? "20" + faers.group(1) + "Q" + faers.group(2) : null;
        Cursor cursor = new Cursor(file, tally);
        Source source = Source.E2B;
        XMLStreamReader r = null;
        FailureWatch in = new FailureWatch(raw);
        try {
            r = factory().createXMLStreamReader(in); // a factory per document: cheap, and no sharing between threads
            while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog, comments, DOCTYPE (not loaded)
            }
            if (!r.isStartElement()) {
                fileFailure(tally, source, file, QuarantineReason.INVALID_XML, "no root element: not an ICSR file");
                return;
            }
            String root = r.getLocalName();
            if (R2_ROOT.equals(root)) {
                source = faersPeriod != null ? Source.FAERS : Source.E2B;
                new R2Parser(r, cursor, source, faersPeriod, fallbackDataPeriod).run();
            } else if (R3_BATCH.equals(root) || R3_MESSAGE.equals(root)) {
                new R3Parser(r, cursor, fallbackDataPeriod).run(R3_MESSAGE.equals(root));
            } else if (R3_ACK.equals(root)) {
                fileFailure(tally, source, file, QuarantineReason.INVALID_XML,
                        "an E2B(R3) acknowledgement (" + R3_ACK + "), not a safety report");
            } else {
                fileFailure(tally, source, file, QuarantineReason.INVALID_XML,
                        "root element " + root + " is not an ICSR file (" + R2_ROOT + ", " + R3_BATCH + ")");
            }
        } catch (XMLStreamException e) {
            IOException io = ioCause(e);
            if (io == null) {
                io = in.failure; // the JDK's parser turns a stream's EOFException into "premature end of file"
            }
            if (io instanceof CharConversionException) {
                // the bytes are at fault, not the archive or the disk: say so, also inside a zip
                int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNumber());
                cursor.broken(source, QuarantineReason.BROKEN_ENCODING, line, "bytes that are not text in the"
                        + " file's encoding (UTF-8 unless declared) at line " + line + ": " + InputFiles.oneLine(io));
            } else if (io != null) {
                cursor.broken(source, io instanceof java.io.EOFException || archived ? QuarantineReason.TRUNCATED_ARCHIVE : QuarantineReason.OTHER,
                        e.getLocation() == null ? 0 : e.getLocation().getLineNumber(),
                        (archived ? "damaged archive member: " : "read error: ") + InputFiles.oneLine(io));
            } else {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
                int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNumber();
                cursor.broken(source, QuarantineReason.INVALID_XML, line,
                        "not well-formed XML at line " + line + ", column " + col + ": " + xmlMessage(e));
            }
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to read
                }
            }
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() != t ? t.getCause() : null) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t instanceof XMLStreamException x && x.getNestedException() instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** The JDK's message without its "ParseError at [row,col]" prefix, on one line. */
    private static String xmlMessage(XMLStreamException e) {
        String m = InputFiles.oneLine(e);
        int i = m.indexOf("Message: ");
        return i >= 0 ? m.substring(i + "Message: ".length()) : m;
    }

    /** Remembers how the stream failed: the JDK's parser reports some failures (EOFException) as malformed XML. */
    private static final class FailureWatch extends FilterInputStream {
        IOException failure;

        FailureWatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Record numbering and the end-of-file rule, shared by both dialects. */
    static final class Cursor {
        final String file;
        final Tally tally;
        long index;
        boolean inRecord;

        Cursor(String file, Tally tally) {
            this.file = file;
            this.tally = tally;
        }

        /** A record begins; returns its origin. */
        Origin begin() {
            index++;
            inRecord = true;
            tally.record();
            return Origin.record(file, index);
        }

        void end() {
            inRecord = false;
        }

        /** The file cannot be read further: one quarantine item for the record being read, or the next. */
        void broken(Source source, QuarantineReason reason, int line, String message) {
            boolean inRecordBefore = inRecord;
            if (!inRecord) {
                index++;
                tally.record();
            }
            inRecord = false;
            String where = inRecordBefore ? "record " + index + ": " : "";
            tally.quarantine(new QuarantineItem(source, Origin.line(file, line), reason,
                    where + message + "; the rest of the file is not read", null));
        }
    }
}
