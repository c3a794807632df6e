package org.kratomwatch.ingest.faers;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.kratomwatch.ingest.UnreadableInputException;

/**
 * Physical lines of a byte stream, read with one large buffer and handed out as slices of it (no
 * copy, no String): {@link #buf} from {@link #start} to {@link #end}, without the line break. LF
 * and CRLF both end a line; the last line needs no break. A slice is valid until the next call of
 * {@link #next()}.
 *
 * <p>A stream that fails (a truncated or corrupt archive entry, or an input known to end early)
 * does not throw: the lines before the failure are delivered, the incomplete bytes after the last
 * line break are dropped, and {@link #truncated()} says so.
 */
final class LineSource implements Closeable {

    static final int DEFAULT_BUFFER = 1 << 18;
    private static final int MAX_LINE = 64 << 20;

    private final InputStream in;
    private final String name;
    private final boolean endsEarly;

    byte[] buf;
    /** Current line: [start, end) of {@link #buf}. */
    int start;
    int end;
    /** 1-based physical line number of the current line (the header is line 1). */
    long lineNo;
    /** Byte offset of the current line in the stream. */
    long offset;

    private int pos;
    private int limit;
    private int scanFrom;
    private long bufOffset;
    private boolean eof;
    private boolean truncated;
    private String failure;
    private long droppedBytes;

    /**
     * @param in        the stream, positioned at its start
     * @param name      the name used in messages
     * @param endsEarly true when the stream is known to stop early (a copy of a truncated entry):
     *                  bytes after its last line break are an incomplete line
     */
    LineSource(InputStream in, String name, boolean endsEarly) {
        this(in, name, endsEarly, DEFAULT_BUFFER);
    }

    LineSource(InputStream in, String name, boolean endsEarly, int bufferSize) {
        this.in = in;
        this.name = name;
        this.endsEarly = endsEarly;
        this.buf = new byte[bufferSize];
    }

    /** Advances to the next line; false at the end of the stream (or at a failure). */
    boolean next() {
        while (true) {
            int nl = indexOfNewline(buf, scanFrom, limit);
            if (nl >= 0) {
                setLine(pos, nl);
                pos = nl + 1;
                scanFrom = pos;
                return true;
            }
            scanFrom = limit;
            if (eof) {
                if (pos < limit) {
                    if (truncated || endsEarly) {
                        truncated = true;
                        droppedBytes = limit - pos;
                        pos = limit;
                        return false;
                    }
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                if (endsEarly) {
                    truncated = true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int from, int nl) {
        int e = nl;
        if (e > from && buf[e - 1] == '\r') {
            e--;
        }
        start = from;
        end = e;
        offset = bufOffset + from;
        lineNo++;
    }

    private static final long NEWLINES = Swar.broadcast('\n');

    private static int indexOfNewline(byte[] b, int from, int to) {
        return Swar.indexOf(b, from, to, NEWLINES, (byte) '\n');
    }

    private void fill() {
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            bufOffset += pos;
            scanFrom -= pos;
            limit = keep;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new UnreadableInputException(name + ": line " + (lineNo + 1) + " is longer than "
                        + (MAX_LINE >> 20) + " MiB; not a FAERS text file");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            eof = true;
            truncated = true;
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** True when the stream failed or ended early: lines after the last one delivered are lost. */
    boolean truncated() {
        return truncated;
    }

    /** The failure that ended the stream, or null. */
    String failure() {
        return failure;
    }

    /** Bytes of an incomplete last line that were dropped. */
    long droppedBytes() {
        return droppedBytes;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
