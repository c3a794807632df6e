package org.kratomwatch.ingest.faers;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The INDEX join's view of a child table (DRUG, REAC or OUTC) that is not sorted: for every row its
 * key, byte offset, length and line number (28 bytes a row once built, plus one bit for "joined";
 * while a table is read its arrays grow by half, so up to 1.5 times that plus a copy), sorted by
 * key, and the file itself for reading a row back by its offset. The text stays on disk: a plain
 * file is read in place; an archive entry is first copied (inflated) to a temporary file, deleted
 * on {@link #close()}.
 */
final class ChildIndex implements Closeable {

    final Table table;
    final String file;
    final Layout layout;
    private final FileChannel channel;
    private final Path temp;

    private long[] keys = new long[1 << 12];
    private long[] offsets = new long[1 << 12];
    private int[] lengths = new int[1 << 12];
    private int[] lines = new int[1 << 12];
    private int n;
    private int[] order;
    private long[] joined;
    private byte[] row = new byte[4096];
    final Fields fields = new Fields();

    boolean truncated;
    long lastLine;
    String failure;
    long blankLines;

    private ChildIndex(Table table, String file, Layout layout, FileChannel channel, Path temp) {
        this.table = table;
        this.file = file;
        this.layout = layout;
        this.channel = channel;
        this.temp = temp;
    }

    /**
     * Indexes a child table. Rows without a usable key cannot join anything: they go to
     * {@code keyless} at once.
     */
    static ChildIndex build(TableRef ref, Layout layout, Archives archives, Path tempDir, int bufferSize,
            Mapper mapper) throws IOException {
        Path path = ref.path;
        Path temp = null;
        boolean endsEarly = false;
        String failure = null;
        if (!ref.plainFile()) {
            temp = Files.createTempFile(tempDir, "kratomwatch-faers-", ".txt");
            try (InputStream in = ref.open(archives);
                    OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[1 << 16];
                while (true) {
                    int r;
                    try {
                        r = in.read(buf);
                    } catch (IOException e) {
                        endsEarly = true;
                        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                        break;
                    }
                    if (r < 0) {
                        break;
                    }
                    out.write(buf, 0, r);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            path = temp;
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        ChildIndex idx = null;
        try (LineSource src = new LineSource(Files.newInputStream(path), ref.display, endsEarly, bufferSize)) {
            Layout.read(ref.table, src); // skips the header
            idx = new ChildIndex(ref.table, ref.display, layout, ch, temp);
            Fields f = idx.fields;
            while (src.next()) {
                if (Cursor.isBlank(src.buf, src.start, src.end)) {
                    idx.blankLines++;
                    continue;
                }
                f.split(src.buf, src.start, src.end, layout.key + 1);
                long k = f.digits(layout.key);
                if (k < 0) {
                    mapper.orphan(ref.table, f, ref.display, src.lineNo, false, null);
                    continue;
                }
                idx.add(k, src.offset, src.end - src.start, src.lineNo);
            }
            idx.truncated = src.truncated();
            idx.failure = failure != null ? failure : src.failure();
            idx.lastLine = src.lineNo;
            idx.sort();
            return idx;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            throw e;
        }
    }

    private void add(long key, long offset, int length, long line) {
        if (n == keys.length) {
            int cap = n + (n >> 1);
            keys = Arrays.copyOf(keys, cap);
            offsets = Arrays.copyOf(offsets, cap);
            lengths = Arrays.copyOf(lengths, cap);
            lines = Arrays.copyOf(lines, cap);
        }
        keys[n] = key;
        offsets[n] = offset;
        lengths[n] = length;
        lines[n] = (int) Math.min(line, Integer.MAX_VALUE);
        n++;
    }

    /** Sorts row numbers by key, rows of one key in file order (a stable merge sort). */
    private void sort() {
        // trim the arrays to the rows read: 28 bytes a row from here on
        keys = Arrays.copyOf(keys, n);
        offsets = Arrays.copyOf(offsets, n);
        lengths = Arrays.copyOf(lengths, n);
        lines = Arrays.copyOf(lines, n);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        order = a;
        joined = new long[(n + 63) >>> 6];
    }

    int size() {
        return n;
    }

    /** The first position in key order holding {@code key}, or -1. */
    int find(long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[order[mid]] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < n && keys[order[lo]] == key ? lo : -1;
    }

    /** The row at a position in key order, or -1 past the rows of {@code key}. */
    int rowAt(int position, long key) {
        return position < n && keys[order[position]] == key ? order[position] : -1;
    }

    int line(int row) {
        return lines[row];
    }

    boolean joined(int row) {
        return (joined[row >>> 6] & (1L << row)) != 0;
    }

    void markJoined(int row) {
        joined[row >>> 6] |= 1L << row;
    }

    /** Reads row {@code row} back into {@link #fields}. */
    Fields read(int row) throws IOException {
        int len = lengths[row];
        if (row().length < len) {
            this.row = new byte[Math.max(len, this.row.length * 2)];
        }
        ByteBuffer bb = ByteBuffer.wrap(this.row, 0, len);
        long pos = offsets[row];
        while (bb.hasRemaining()) {
            int r = channel.read(bb, pos + bb.position());
            if (r < 0) {
                throw new IOException(file + ": ends before the row of line " + lines[row] + " it had");
            }
        }
        fields.split(this.row, 0, len, layout.wanted);
        return fields;
    }

    private byte[] row() {
        return row;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
