package org.kratomwatch.app.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds given strings (ASCII, at least 4 characters) in raw bytes, ignoring ASCII case, fast
 * enough to sweep a broker's data folder: a 4-byte rolling window is checked against a bit table
 * of the strings' first four bytes, and only then against the strings themselves.
 */
final class IdentifierScanner {

    private static final int BITS = 24;

    private final long[] table = new long[1 << (BITS - 6)];
    private final Map<Integer, List<byte[]>> byPrefix = new HashMap<>();
    private final Map<byte[], String> original = new HashMap<>();
    private final int maxLength;
    private long bytesScanned;

    IdentifierScanner(Collection<String> values) {
        int max = 0;
        for (String v : values) {
            byte[] folded = fold(v.getBytes(StandardCharsets.UTF_8));
            if (folded.length < 4) {
                throw new IllegalArgumentException("too short to scan for: '" + v + "'");
            }
            int prefix = (folded[0] & 0xff) << 24 | (folded[1] & 0xff) << 16 | (folded[2] & 0xff) << 8 | (folded[3] & 0xff);
            List<byte[]> same = byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>());
            if (same.stream().noneMatch(b -> java.util.Arrays.equals(b, folded))) {
                same.add(folded);
                original.put(folded, v);
            }
            int h = hash(prefix);
            table[h >>> 6] |= 1L << (h & 63);
            max = Math.max(max, folded.length);
        }
        this.maxLength = max;
    }

    private static int hash(int window) {
        return (window * 0x9E3779B1) >>> (32 - BITS);
    }

    private static byte[] fold(byte[] b) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(out[i]);
        }
        return out;
    }

    private static byte fold(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
    }

    /** Bytes scanned so far, all calls together. */
    long bytesScanned() {
        return bytesScanned;
    }

    /** Adds to {@code found} every string that occurs in {@code b[off, off + len)}. */
    void scan(byte[] b, int off, int len, Set<String> found) {
        bytesScanned += len;
        int window = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            window = window << 8 | (fold(b[i]) & 0xff);
            if (i - off < 3) {
                continue;
            }
            int h = hash(window);
            if ((table[h >>> 6] & 1L << (h & 63)) == 0) {
                continue;
            }
            List<byte[]> candidates = byPrefix.get(window);
            if (candidates == null) {
                continue;
            }
            int start = i - 3;
            for (byte[] c : candidates) {
                if (start + c.length <= end && matches(b, start, c)) {
                    found.add(original.get(c));
                }
            }
        }
    }

    void scan(byte[] b, Set<String> found) {
        if (b != null) {
            scan(b, 0, b.length, found);
        }
    }

    /** Scans the remaining bytes of a buffer, which is left unchanged. */
    void scan(ByteBuffer buffer, Set<String> found) {
        if (buffer == null) {
            return;
        }
        ByteBuffer d = buffer.duplicate();
        if (d.hasArray()) {
            scan(d.array(), d.arrayOffset() + d.position(), d.remaining(), found);
        } else {
            byte[] copy = new byte[d.remaining()];
            d.get(copy);
            scan(copy, 0, copy.length, found);
        }
    }

    /** Scans every byte of a file, in overlapping chunks, so that nothing across a chunk boundary is missed. */
    void scanFile(Path file, Set<String> found) throws IOException {
        byte[] buf = new byte[1 << 20];
        int carry = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buf, carry, buf.length - carry)) > 0) {
                int len = carry + n;
                scan(buf, 0, len, found);
                bytesScanned -= carry; // counted once
                carry = Math.min(maxLength - 1, len);
                System.arraycopy(buf, len - carry, buf, 0, carry);
            }
        }
    }

    private static boolean matches(byte[] b, int at, byte[] folded) {
        for (int j = 4; j < folded.length; j++) {
            if (fold(b[at + j]) != folded[j]) {
                return false;
            }
        }
        return true;
    }
}
