package org.kratomwatch.ingest.faers;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

import org.kratomwatch.ingest.UnreadableInputException;

/**
 * Reads one table row by row after its header: splits each non-blank line into {@link #fields}
 * and extracts its key. With an order to verify, a key lower than an earlier one stops the read
 * (the MERGE join trusts the order and must not join wrongly).
 */
final class Cursor implements Closeable {

    final Table table;
    final String file;
    final LineSource src;
    final Layout layout;
    final Fields fields = new Fields();
    /** True while {@link #fields} holds a row. */
    boolean has;
    /** The current row's key, -1 when it has none (blank or not a number). */
    long key;
    long blankLines;
    private final KeyOrder verify;
    private long lastKey = -1;

    Cursor(Table table, String file, LineSource src, Layout layout, KeyOrder verify) {
        this.table = table;
        this.file = file;
        this.src = src;
        this.layout = layout;
        this.verify = verify;
    }

    /**
     * Opens the table and positions the cursor before its first row (past the header).
     *
     * @param layout the table's layout, read from this header before
     */
    static Cursor open(TableRef ref, Layout layout, Archives archives, KeyOrder verify, int bufferSize)
            throws IOException {
        InputStream in = ref.open(archives);
        LineSource src = new LineSource(in, ref.display, false, bufferSize);
        try {
            Layout.read(ref.table, src); // skips the header
            return new Cursor(ref.table, ref.display, src, layout, verify);
        } catch (RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /** Advances to the next non-blank row; false at the end. */
    boolean advance() {
        while (src.next()) {
            if (isBlank(src.buf, src.start, src.end)) {
                blankLines++;
                continue;
            }
            fields.split(src.buf, src.start, src.end, layout.wanted);
            long k = fields.digits(layout.key);
            key = k >= 0 ? k : -1;
            if (verify != null && key >= 0) {
                if (lastKey >= 0 && verify.compare(key, lastKey) < 0) {
                    throw new UnreadableInputException(file + ": not sorted by " + layout.keyName + " (line "
                            + src.lineNo + " has a lower one than an earlier line); read it with join AUTO or INDEX");
                }
                lastKey = key;
            }
            has = true;
            return true;
        }
        has = false;
        return false;
    }

    long lineNo() {
        return src.lineNo;
    }

    /** Blank: empty, only blanks, or a lone DOS end-of-file mark (0x1A). */
    static boolean isBlank(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != 0x1a) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        src.close();
    }
}
