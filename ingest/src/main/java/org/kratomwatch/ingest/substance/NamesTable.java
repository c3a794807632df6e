package org.kratomwatch.ingest.substance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * The {@code names} command's table: reads drug names, one per line, and writes tab-separated
 * {@code name<TAB>substance<TAB>method} rows after a header row. {@code substance} is the dictionary
 * substance, empty when {@code method} is {@code none}; {@code method} is {@code exact},
 * {@code synonym}, {@code fuzzy} or {@code none} (see {@link Method}).
 *
 * <p>An input line may carry the active ingredient after a tab ({@code name<TAB>prod_ai}). Blank
 * lines are skipped; tabs cannot occur in the output name (the input was split at the first one).
 */
public final class NamesTable {

    /** Header row written first. */
    public static final String HEADER = "name\tsubstance\tmethod";

    private NamesTable() {
    }

    /** Counts of what was written. */
    public record Summary(long rows, long exact, long synonym, long fuzzy, long none) {

        /** Rows with a dictionary substance. */
        public long recognized() {
            return exact + synonym + fuzzy;
        }
    }

    /** Writes the table with its header row. The writer is flushed, not closed. */
    public static Summary write(Reader in, Writer out, SubstanceRecognizer recognizer) throws IOException {
        return write(in, out, recognizer, true);
    }

    /**
     * Writes the table.
     *
     * @param header whether to write {@link #HEADER} first
     */
    public static Summary write(Reader in, Writer out, SubstanceRecognizer recognizer, boolean header) throws IOException {
        BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in);
        if (header) {
            out.write(HEADER);
            out.write('\n');
        }
        long rows = 0;
        long[] byMethod = new long[Method.values().length];
        String line;
        boolean first = true;
        StringBuilder sb = new StringBuilder(128);
        while ((line = br.readLine()) != null) {
            if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            first = false;
            if (line.isBlank()) {
                continue;
            }
            String name = line;
            String ai = null;
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                name = line.substring(0, tab);
                ai = line.substring(tab + 1).replace('\t', ' ');
            }
            Recognition r = recognizer.recognize(name, ai);
            sb.setLength(0);
            sb.append(name).append('\t').append(r.substance() == null ? "" : r.substance()).append('\t').append(r.method().label())
                    .append('\n');
            out.write(sb.toString());
            rows++;
            byMethod[r.method().ordinal()]++;
        }
        out.flush();
        return new Summary(rows, byMethod[Method.EXACT.ordinal()], byMethod[Method.SYNONYM.ordinal()],
                byMethod[Method.FUZZY.ordinal()], byMethod[Method.NONE.ordinal()]);
    }
}
