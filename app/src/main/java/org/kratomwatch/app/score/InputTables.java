package org.kratomwatch.app.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.kratomwatch.app.cli.UserInputException;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.count.ReportPairCounter;

/**
 * Reads the batch inputs of {@code kratomwatch score}: the long "pairs" form (one row per report,
 * drug and event, as FDA's openEBGM takes it) and the "counts" form ({@code drug,event,a,b,c,d}).
 * Every mistake in the file becomes a {@link UserInputException} naming the file, line and column.
 */
public final class InputTables {

    private InputTables() {
    }

    /** Column choices for the pairs form. */
    public record PairColumns(String id, String drug, String event, List<String> strata) {
        public PairColumns {
            strata = List.copyOf(strata);
        }
    }

    /** One data row of the pairs form. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param line     the row's line number
         * @param reportId the report id
         * @param drug     the drug
         * @param event    the event
         * @param stratum  the strata columns' values joined by U+001F (empty without strata)
         */
        void row(long line, String reportId, String drug, String event, String stratum);
    }

    /** Reads the pairs form and counts distinct reports. {@code file} null means standard input. */
    public static List<PairCount> readPairs(Path file, PairColumns columns) {
        ReportPairCounter counter = new ReportPairCounter();
        readRows(file, columns, (line, reportId, d, e, stratum) -> {
            try {
                counter.add(reportId, d, e, stratum);
            } catch (IllegalArgumentException ex) {
                throw UserInputException.at(file, line, String.join(",", columns.strata()),
                        ex.getMessage().replace('\u001f', ','));
            }
        });
        return counter.counts();
    }

    /**
     * Reads the rows of the pairs form, checking columns and widths.
     *
     * @throws UserInputException naming file, line and column for bad input, or for no rows
     */
    public static void readRows(Path file, PairColumns columns, RowSink sink) {
        long rows = 0;
        try (Reader reader = open(file); CSVParser parser = parser(reader)) {
            Map<String, Integer> header = header(file, parser);
            int id = column(file, header, columns.id(), "--id-col");
            int drug = column(file, header, columns.drug(), "--drug-col");
            int event = column(file, header, columns.event(), "--event-col");
            int[] strata = new int[columns.strata().size()];
            for (int i = 0; i < strata.length; i++) {
                strata[i] = column(file, header, columns.strata().get(i), "--strata-cols");
            }
            StringBuilder stratum = new StringBuilder();
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                checkWidth(file, line, r, header.size());
                String reportId = required(file, line, r, id, columns.id());
                String d = required(file, line, r, drug, columns.drug());
                String e = required(file, line, r, event, columns.event());
                stratum.setLength(0);
                for (int i = 0; i < strata.length; i++) {
                    if (i > 0) {
                        stratum.append('\u001f');
                    }
                    stratum.append(r.get(strata[i]));
                }
                sink.row(line, reportId, d, e, stratum.toString());
                rows++;
            }
            if (rows == 0) {
                throw UserInputException.in(file, "no data rows after the header");
            }
        } catch (IOException | UncheckedIOException ex) {
            throw ioError(file, ex);
        }
    }

    /** Reads the counts form {@code drug,event,a,b,c,d}; expected is the crude E11 of each row. */
    public static List<PairCount> readCounts(Path file) {
        List<PairCount> out = new ArrayList<>();
        try (Reader reader = open(file); CSVParser parser = parser(reader)) {
            Map<String, Integer> header = header(file, parser);
            String[] names = {"drug", "event", "a", "b", "c", "d"};
            int[] idx = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                idx[i] = column(file, header, names[i], null);
            }
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                checkWidth(file, line, r, header.size());
                String drug = required(file, line, r, idx[0], "drug");
                String event = required(file, line, r, idx[1], "event");
                long[] cells = new long[4];
                for (int i = 0; i < 4; i++) {
                    cells[i] = count(file, line, r.get(idx[i + 2]), names[i + 2]);
                }
                ContingencyTable t = new ContingencyTable(cells[0], cells[1], cells[2], cells[3]);
                out.add(new PairCount(drug, event, t, t.expected()));
            }
        } catch (IOException | UncheckedIOException ex) {
            throw ioError(file, ex);
        }
        if (out.isEmpty()) {
            throw UserInputException.in(file, "no data rows after the header");
        }
        return out;
    }

    private static long count(Path file, long line, String text, String column) {
        String t = text.trim();
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException ex) {
            throw UserInputException.at(file, line, column, "not an integer count: '" + abbreviate(t) + "'");
        }
        if (v < 0) {
            throw UserInputException.at(file, line, column, "negative cell: " + v);
        }
        return v;
    }

    private static Reader open(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader r;
        if (file == null) {
            r = new BufferedReader(new InputStreamReader(System.in, decoder), 1 << 16);
        } else {
            try {
                r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
            } catch (NoSuchFileException ex) {
                throw UserInputException.in(file, "no such file");
            }
        }
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    private static CSVParser parser(Reader reader) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true).setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
                .get().parse(reader);
    }

    private static Map<String, Integer> header(Path file, CSVParser parser) {
        Map<String, Integer> header = parser.getHeaderMap();
        if (header == null || header.isEmpty()) {
            throw UserInputException.in(file, "empty file (expected a header line)");
        }
        return header;
    }

    private static int column(Path file, Map<String, Integer> header, String name, String option) {
        Integer i = header.get(name);
        if (i == null) {
            throw UserInputException.at(file, 1, name, "missing from the header (columns: "
                    + String.join(",", header.keySet()) + ")" + (option == null ? "" : "; choose another with " + option));
        }
        return i;
    }

    private static void checkWidth(Path file, long line, CSVRecord r, int width) {
        if (r.size() != width) {
            throw UserInputException.at(file, line, "expected " + width + " fields as in the header, found " + r.size());
        }
    }

    private static String required(Path file, long line, CSVRecord r, int index, String column) {
        String v = r.get(index).trim();
        if (v.isEmpty()) {
            throw UserInputException.at(file, line, column, "empty value");
        }
        return v;
    }

    private static UserInputException ioError(Path file, Exception ex) {
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (cause instanceof CharacterCodingException) {
            return UserInputException.in(file, "not valid UTF-8 text (" + cause.getMessage() + ")");
        }
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return UserInputException.in(file, "cannot read: " + msg.replace('\n', ' '));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
