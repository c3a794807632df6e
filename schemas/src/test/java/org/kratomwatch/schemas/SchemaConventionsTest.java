package org.kratomwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The conventions every topic schema follows: documented records, fields and enums; optional
 * fields as {@code ["null", T]} with default null; every enum with a default symbol for forward
 * compatibility; all named types in {@value AvroTrust#PACKAGE}; times as timestamp-millis.
 */
class SchemaConventionsTest {

    @Test
    void everyRecordFieldAndEnumIsDocumentedAndOptionalsAndEnumsFollowTheRules() {
        List<String> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema s : SchemaHistory.CURRENT_SCHEMAS) {
            check(s, s.getName(), violations, seen);
        }
        assertThat(violations).isEmpty();
        assertThat(seen).as("named types checked").hasSizeGreaterThan(20);
    }

    private static void check(Schema s, String path, List<String> violations, Set<String> seen) {
        switch (s.getType()) {
            case RECORD:
                if (!seen.add(s.getFullName())) {
                    return;
                }
                requireNamed(s, path, violations);
                for (Schema.Field f : s.getFields()) {
                    String fieldPath = path + "." + f.name();
                    if (f.doc() == null || f.doc().isBlank()) {
                        violations.add(fieldPath + ": field without doc");
                    }
                    Schema fs = f.schema();
                    if (fs.getType() == Schema.Type.UNION) {
                        List<Schema> branches = fs.getTypes();
                        if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
                            violations.add(fieldPath + ": a union must be [\"null\", T]");
                        }
                        if (!f.hasDefaultValue() || f.defaultVal() != JsonProperties.NULL_VALUE) {
                            violations.add(fieldPath + ": an optional field must default to null");
                        }
                    }
                    if (f.name().endsWith("At") && !(fs.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                        violations.add(fieldPath + ": a time must be a timestamp-millis long");
                    }
                    check(fs, fieldPath, violations, seen);
                }
                break;
            case ENUM:
                if (!seen.add(s.getFullName())) {
                    return;
                }
                requireNamed(s, path, violations);
                if (s.getEnumDefault() == null) {
                    violations.add(path + ": enum " + s.getName() + " without a default symbol");
                } else if (!s.getDoc().contains(s.getEnumDefault() + " (the default symbol)")) {
                    violations.add(path + ": enum " + s.getName() + " does not document its default symbol "
                            + s.getEnumDefault());
                }
                for (String symbol : s.getEnumSymbols()) {
                    if (!s.getDoc().contains(symbol)) {
                        violations.add(path + ": enum " + s.getName() + " does not document " + symbol);
                    }
                }
                break;
            case ARRAY:
                check(s.getElementType(), path + "[]", violations, seen);
                break;
            case MAP:
                check(s.getValueType(), path + "{}", violations, seen);
                break;
            case UNION:
                for (Schema b : s.getTypes()) {
                    check(b, path, violations, seen);
                }
                break;
            default:
                break;
        }
    }

    private static void requireNamed(Schema s, String path, List<String> violations) {
        if (s.getDoc() == null || s.getDoc().isBlank()) {
            violations.add(path + ": " + s.getFullName() + " without doc");
        }
        if (!AvroTrust.PACKAGE.equals(s.getNamespace())) {
            violations.add(path + ": " + s.getFullName() + " outside namespace " + AvroTrust.PACKAGE);
        }
    }

    @Test
    void retractionsAreDocumentedAsTombstones() {
        assertThat(org.kratomwatch.avro.AdverseEventReport.getClassSchema().getDoc())
                .contains("RETRACTION")
                .contains("tombstone")
                .contains("null value");
    }

    @Test
    void generatedClassesAreTrustedByAvrosClassValidator() {
        AvroTrust.install();
        AvroTrust.install(); // idempotent
        assertThat(AvroTrust.installed()).isTrue();
        assertThat(AvroTrust.GENERATED.isTrusted(org.kratomwatch.avro.Drug.class)).isTrue();
        assertThat(AvroTrust.GENERATED.isTrusted(org.kratomwatch.avro.Sex.class)).isTrue();
        assertThat(AvroTrust.GENERATED.isTrusted(AvroTrust.class)).isFalse();
        assertThat(AvroTrust.GENERATED.isTrusted(String.class)).isFalse();
    }
}
