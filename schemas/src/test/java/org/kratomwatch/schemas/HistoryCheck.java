package org.kratomwatch.schemas;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The rule that keeps the released history honest: each current schema equals (in everything but
 * documentation) its newest released version, so that any other change forces a new history
 * file, and each current schema can read data written with every released version.
 */
final class HistoryCheck {

    static final String HOW_TO_RELEASE = "release it with `cd schemas && mvn -B -q test-compile exec:java"
            + " -Dexec.mainClass=org.kratomwatch.schemas.ReleaseSchemas -Dexec.classpathScope=test`"
            + " (see schemas/README.md, Evolving a schema)";

    private HistoryCheck() {
    }

    static List<String> problems(SchemaHistory history, List<Schema> current) {
        List<String> problems = new ArrayList<>();
        for (Schema schema : current) {
            List<SchemaHistory.Release> releases = history.releases(schema.getFullName());
            if (releases.isEmpty()) {
                problems.add(schema.getName() + " has no released version; " + HOW_TO_RELEASE);
                continue;
            }
            SchemaHistory.Release newest = releases.get(releases.size() - 1);
            List<String> changes = SchemaDiff.differences(newest.schema(), schema);
            if (!changes.isEmpty()) {
                problems.add(schema.getName() + " changed since " + newest + " without a new history file: " + changes
                        + "; " + HOW_TO_RELEASE);
            } else if (newest.fingerprint() != SchemaHistory.fingerprint(schema)) {
                problems.add(schema.getName() + ": fingerprint " + SchemaHistory.hex(SchemaHistory.fingerprint(schema))
                        + " differs from " + newest);
            }
            for (SchemaHistory.Release r : releases) {
                SchemaCompatibility.SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(
                        schema, r.schema());
                if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(schema.getName() + " (current) cannot read data written with " + r + ": "
                            + c.getResult().getIncompatibilities());
                }
            }
        }
        return problems;
    }
}
