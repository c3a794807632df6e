package org.kratomwatch.ingest.anonymize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kratomwatch.avro.Source;

/**
 * Pseudonymous case keys: HMAC-SHA256 over the source and the source's case id with a secret
 * key, as lower-case hex (64 characters). The same key gives the same pseudonym for the same case
 * in every run, so follow-up versions and deletions find their case downstream, while without
 * the key a pseudonym cannot be linked back to a FAERS case id (a plain hash could be, by hashing
 * every possible id).
 *
 * <p>The key (at least 32 bytes) comes from, in order: {@value #KEY_ENV} (hex, or any text of at
 * least 32 bytes), the file named by {@value #KEY_FILE_ENV}, or a file given on the command line.
 * Publishing to a broker without a key refuses to run; one-off local runs ({@code --dry-run},
 * {@code pipeline}, {@code demo}) may use {@link #throwAway()}, which says so.
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac}.
 */
public final class CaseKeyer {

    /** Environment variable holding the key. */
    public static final String KEY_ENV = "KRATOMWATCH_PSEUDONYM_KEY";

    /** Environment variable naming a file that holds the key. */
    public static final String KEY_FILE_ENV = "KRATOMWATCH_PSEUDONYM_KEY_FILE";

    static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final boolean throwAway;
    private final ThreadLocal<Mac> mac;

    private CaseKeyer(byte[] keyBytes, boolean throwAway) {
        if (keyBytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonym key must have at least " + MIN_KEY_BYTES
                    + " bytes (64 hex digits); it has " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes.clone(), ALGORITHM);
        this.throwAway = throwAway;
        this.mac = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on first use, if the JDK lacks HMAC-SHA256
    }

    /** A keyer with the given key bytes. */
    public static CaseKeyer withKey(byte[] keyBytes) {
        return new CaseKeyer(keyBytes, false);
    }

    /** A fresh random key that is never stored: pseudonyms are stable within this run only. */
    public static CaseKeyer throwAway() {
        byte[] k = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return new CaseKeyer(k, true);
    }

    /**
     * The key from the environment ({@value #KEY_ENV}, then {@value #KEY_FILE_ENV}), or
     * {@code null} where neither is set.
     *
     * @throws IllegalArgumentException where a key is set but unusable (too short, unreadable file)
     */
    public static CaseKeyer fromEnvironment(Map<String, String> env) {
        String value = env.get(KEY_ENV);
        if (value != null && !value.isBlank()) {
            return withKey(parseKey(value.strip(), KEY_ENV));
        }
        String file = env.get(KEY_FILE_ENV);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file.strip()));
        }
        return null;
    }

    /** The key held in a file (hex, or text of at least 32 bytes; surrounding white space ignored). */
    public static CaseKeyer fromFile(Path file) {
        try {
            return withKey(parseKey(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the pseudonym key file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes a new random key as hex to {@code file} (readable by its owner only where the file
     * system supports it) and returns a keyer for it.
     */
    public static CaseKeyer createKeyFile(Path file) throws IOException {
        byte[] k = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(k);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, HexFormat.of().formatHex(k) + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return withKey(k);
    }

    private static byte[] parseKey(String text, String where) {
        if (text.length() >= 2 * MIN_KEY_BYTES && text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonym key in " + where + " is too short: at least "
                    + MIN_KEY_BYTES + " bytes or 64 hex digits are needed");
        }
        return raw;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** True for a random key that lives only as long as this run. */
    public boolean isThrowAway() {
        return throwAway;
    }

    /** The pseudonymous key of a case: hex HMAC-SHA256(key, source NUL caseId). */
    public String caseKey(Source source, String caseId) {
        Mac m = mac.get();
        m.update(source.name().getBytes(StandardCharsets.US_ASCII));
        m.update((byte) 0);
        byte[] digest = m.doFinal(caseId.strip().getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(digest);
        Arrays.fill(digest, (byte) 0);
        return hex;
    }
}
