package org.kratomwatch.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Structural differences between two schemas, ignoring documentation only: types, names,
 * aliases, logical types, field order, field defaults, sort orders, enum symbols and enum
 * defaults, and custom properties all count. Used to decide whether a schema change needs a new
 * released version (anything but a {@code doc} change does).
 */
final class SchemaDiff {

    private SchemaDiff() {
    }

    /** Human-readable differences, empty when the schemas differ at most in documentation. */
    static List<String> differences(Schema released, Schema current) {
        List<String> out = new ArrayList<>();
        compare(released, current, released.getName(), out, new HashSet<>());
        return out;
    }

    private static void compare(Schema a, Schema b, String path, List<String> out, Set<String> seen) {
        if (a.getType() != b.getType()) {
            out.add(path + ": type " + a.getType() + " became " + b.getType());
            return;
        }
        if (!Objects.equals(logicalName(a.getLogicalType()), logicalName(b.getLogicalType()))) {
            out.add(path + ": logical type " + logicalName(a.getLogicalType()) + " became "
                    + logicalName(b.getLogicalType()));
        }
        if (!a.getObjectProps().equals(b.getObjectProps())) {
            out.add(path + ": properties " + a.getObjectProps() + " became " + b.getObjectProps());
        }
        switch (a.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                if (!a.getFullName().equals(b.getFullName())) {
                    out.add(path + ": name " + a.getFullName() + " became " + b.getFullName());
                }
                if (!a.getAliases().equals(b.getAliases())) {
                    out.add(path + ": aliases " + a.getAliases() + " became " + b.getAliases());
                }
                break;
            default:
                break;
        }
        switch (a.getType()) {
            case RECORD:
                if (!seen.add(a.getFullName() + "/" + b.getFullName())) {
                    return; // recursive reference already being compared
                }
                compareFields(a, b, path, out, seen);
                break;
            case ENUM:
                if (!a.getEnumSymbols().equals(b.getEnumSymbols())) {
                    out.add(path + ": symbols " + a.getEnumSymbols() + " became " + b.getEnumSymbols());
                }
                if (!Objects.equals(a.getEnumDefault(), b.getEnumDefault())) {
                    out.add(path + ": enum default " + a.getEnumDefault() + " became " + b.getEnumDefault());
                }
                break;
            case FIXED:
                if (a.getFixedSize() != b.getFixedSize()) {
                    out.add(path + ": size " + a.getFixedSize() + " became " + b.getFixedSize());
                }
                break;
            case ARRAY:
                compare(a.getElementType(), b.getElementType(), path + "[]", out, seen);
                break;
            case MAP:
                compare(a.getValueType(), b.getValueType(), path + "{}", out, seen);
                break;
            case UNION:
                if (a.getTypes().size() != b.getTypes().size()) {
                    out.add(path + ": union " + a.getTypes() + " became " + b.getTypes());
                } else {
                    for (int i = 0; i < a.getTypes().size(); i++) {
                        compare(a.getTypes().get(i), b.getTypes().get(i), path + "<" + i + ">", out, seen);
                    }
                }
                break;
            default:
                break;
        }
    }

    private static void compareFields(Schema a, Schema b, String path, List<String> out, Set<String> seen) {
        List<String> namesA = a.getFields().stream().map(Schema.Field::name).toList();
        List<String> namesB = b.getFields().stream().map(Schema.Field::name).toList();
        if (!namesA.equals(namesB)) {
            out.add(path + ": fields " + namesA + " became " + namesB);
            return;
        }
        for (int i = 0; i < namesA.size(); i++) {
            Schema.Field fa = a.getFields().get(i);
            Schema.Field fb = b.getFields().get(i);
            String fieldPath = path + "." + fa.name();
            if (fa.hasDefaultValue() != fb.hasDefaultValue()
                    || fa.hasDefaultValue() && !Objects.equals(fa.defaultVal(), fb.defaultVal())) {
                out.add(fieldPath + ": default " + (fa.hasDefaultValue() ? fa.defaultVal() : "(none)") + " became "
                        + (fb.hasDefaultValue() ? fb.defaultVal() : "(none)"));
            }
            if (fa.order() != fb.order()) {
                out.add(fieldPath + ": order " + fa.order() + " became " + fb.order());
            }
            if (!fa.aliases().equals(fb.aliases())) {
                out.add(fieldPath + ": aliases " + fa.aliases() + " became " + fb.aliases());
            }
            if (!fa.getObjectProps().equals(fb.getObjectProps())) {
                out.add(fieldPath + ": properties " + fa.getObjectProps() + " became " + fb.getObjectProps());
            }
            compare(fa.schema(), fb.schema(), fieldPath, out, seen);
        }
    }

    private static String logicalName(LogicalType t) {
        return t == null ? null : t.getName();
    }
}
