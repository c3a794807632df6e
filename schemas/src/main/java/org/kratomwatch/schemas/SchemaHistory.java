package org.kratomwatch.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.SignalEvent;

/**
 * Every released version of every topic value schema, found by the 64-bit schema fingerprint
 * that Avro single-object encoding puts in front of each value (CRC-64-AVRO of the schema's
 * parsing canonical form, {@link SchemaNormalization#parsingFingerprint64}).
 *
 * <p>Released versions live on the class path as self-contained schema files
 * {@value #HISTORY_DIRECTORY}{@code <SimpleName>.v<N>.avsc}, N = 1, 2, … without gaps (source:
 * {@code schemas/src/main/resources/org/kratomwatch/schemas/history/}). A consumer reads a value
 * written with any released version into the current generated class: the generated decoder
 * asks {@link #storeFor(Schema)} for the writer schema and Avro resolves it to the current
 * (reader) schema. The current schemas must equal their newest release (a test enforces it, see
 * {@code schemas/README.md} for the evolution procedure).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SchemaHistory implements SchemaStore {

    /** Class-path directory of the released schema files. */
    public static final String HISTORY_DIRECTORY = "org/kratomwatch/schemas/history/";

    /** The current value schema of every record type that is written to a topic. */
    public static final List<Schema> CURRENT_SCHEMAS = List.of(
            AdverseEventReport.getClassSchema(),
            QuarantinedRecord.getClassSchema(),
            DisproportionalitySignal.getClassSchema(),
            SignalEvent.getClassSchema(),
            InteractionSignal.getClassSchema(),
            MgpsHyperparameterSet.getClassSchema());

    /**
     * One released version of a record schema.
     *
     * @param schema      the writer schema as released
     * @param version     1 for the first release, then 2, 3, …
     * @param fingerprint CRC-64-AVRO fingerprint of the schema's parsing canonical form, the
     *                    value that single-object encoding writes after {@code C3 01}
     * @param resource    class-path resource the schema was read from
     */
    public record Release(Schema schema, int version, long fingerprint, String resource) {

        public Release {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(resource, "resource");
        }

        /** The record's full name, e.g. {@code org.kratomwatch.avro.AdverseEventReport}. */
        public String fullName() {
            return schema.getFullName();
        }

        /** E.g. {@code AdverseEventReport v1 (0x1a2b…)}. */
        @Override
        public String toString() {
            return schema.getName() + " v" + version + " (" + hex(fingerprint) + ")";
        }
    }

    private static final class Holder {
        static {
            AvroTrust.install();
        }

        static final SchemaHistory INSTANCE = load(SchemaHistory.class.getClassLoader(), HISTORY_DIRECTORY,
                CURRENT_SCHEMAS);
    }

    private final Map<String, Schema> currentByName;
    private final Map<String, List<Release>> releasesByName;
    private final Map<Long, Release> releaseByFingerprint;
    private final Map<Long, Schema> currentByFingerprint;

    private SchemaHistory(Map<String, Schema> currentByName, Map<String, List<Release>> releasesByName) {
        this.currentByName = currentByName;
        this.releasesByName = releasesByName;
        Map<Long, Release> byFingerprint = new HashMap<>();
        for (List<Release> releases : releasesByName.values()) {
            for (Release r : releases) {
                Release other = byFingerprint.get(r.fingerprint());
                if (other != null && !other.fullName().equals(r.fullName())) {
                    throw new IllegalStateException("fingerprint collision between " + other + " and " + r);
                }
                byFingerprint.put(r.fingerprint(), r); // a later version with the same wire form wins
            }
        }
        Map<Long, Schema> current = new HashMap<>();
        for (Schema s : currentByName.values()) {
            current.put(fingerprint(s), s);
        }
        this.releaseByFingerprint = Collections.unmodifiableMap(byFingerprint);
        this.currentByFingerprint = Collections.unmodifiableMap(current);
    }

    /** The history of the schemas of this module, read from the class path once. */
    public static SchemaHistory get() {
        return Holder.INSTANCE;
    }

    /**
     * Reads the released versions of the given current schemas from a class-path directory.
     * Exposed for tests of evolution scenarios; production code uses {@link #get()}.
     *
     * @param loader    where to look for the history files
     * @param directory class-path directory ending in {@code /}
     * @param current   the current (reader) schemas, one per record type
     * @throws IllegalStateException when a history file cannot be parsed or names another record
     */
    public static SchemaHistory load(ClassLoader loader, String directory, List<Schema> current) {
        Map<String, Schema> currentByName = new LinkedHashMap<>();
        Map<String, List<Release>> releasesByName = new LinkedHashMap<>();
        for (Schema schema : current) {
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
            }
            currentByName.put(schema.getFullName(), schema);
            List<Release> releases = new ArrayList<>();
            for (int version = 1;; version++) {
                String resource = directory + schema.getName() + ".v" + version + ".avsc";
                Schema released = read(loader, resource);
                if (released == null) {
                    break;
                }
                if (!released.getFullName().equals(schema.getFullName())) {
                    throw new IllegalStateException(resource + " defines " + released.getFullName()
                            + ", expected " + schema.getFullName());
                }
                releases.add(new Release(released, version, fingerprint(released), resource));
            }
            releasesByName.put(schema.getFullName(), List.copyOf(releases));
        }
        return new SchemaHistory(Collections.unmodifiableMap(currentByName),
                Collections.unmodifiableMap(releasesByName));
    }

    private static Schema read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history file " + resource, e);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("invalid schema history file " + resource + ": " + e.getMessage(), e);
        }
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form (as single-object encoding uses). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as written in messages: {@code 0x} and 16 hex digits. */
    public static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }

    /** The current schemas, in the order given at load time. */
    public List<Schema> currentSchemas() {
        return List.copyOf(currentByName.values());
    }

    /**
     * The released versions of a record, oldest first; empty when it has none.
     *
     * @param fullName e.g. {@code org.kratomwatch.avro.AdverseEventReport}
     * @throws IllegalArgumentException when the record is not one of the current schemas
     */
    public List<Release> releases(String fullName) {
        List<Release> releases = releasesByName.get(fullName);
        if (releases == null) {
            throw new IllegalArgumentException("no such record schema in the history: " + fullName);
        }
        return releases;
    }

    /** The release whose fingerprint this is, of any record. */
    public Optional<Release> release(long fingerprint) {
        return Optional.ofNullable(releaseByFingerprint.get(fingerprint));
    }

    /**
     * The writer schema for a fingerprint, of any record: a released version or a current schema;
     * {@code null} when unknown (as {@link SchemaStore} requires).
     */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        Release r = releaseByFingerprint.get(fingerprint);
        return r != null ? r.schema() : currentByFingerprint.get(fingerprint);
    }

    /**
     * A store that answers only with versions of the reader's own record, so that a value of
     * another record type (a wrong topic or serde) is reported as an unknown fingerprint instead
     * of failing during schema resolution.
     */
    public SchemaStore storeFor(Schema reader) {
        String fullName = reader.getFullName();
        releases(fullName); // fails early for an unknown record
        return fingerprint -> {
            Schema s = findByFingerprint(fingerprint);
            return s != null && s.getFullName().equals(fullName) ? s : null;
        };
    }

    /**
     * True when values written with this fingerprint can be read as the given record: the
     * fingerprint is a released version of it or its current schema.
     */
    public boolean knows(Schema reader, long fingerprint) {
        Schema s = findByFingerprint(fingerprint);
        return s != null && s.getFullName().equals(reader.getFullName());
    }

    /** What a fingerprint is, for error messages: a release, a current schema, or unknown. */
    public String describe(long fingerprint) {
        Release r = releaseByFingerprint.get(fingerprint);
        if (r != null) {
            return r.toString();
        }
        Schema s = currentByFingerprint.get(fingerprint);
        if (s != null) {
            return s.getName() + " (current, unreleased) (" + hex(fingerprint) + ")";
        }
        return "unknown fingerprint " + hex(fingerprint);
    }
}
