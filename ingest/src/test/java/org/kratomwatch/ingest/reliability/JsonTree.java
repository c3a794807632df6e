package org.kratomwatch.ingest.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A JSON document as maps, lists and scalars (jackson-core only), to delete, reorder or blow up
 * keys and write the result back. Numbers keep their text.
 */
final class JsonTree {

    private static final JsonFactory JSON = new JsonFactory();

    /** A number as written, so that it is written back unchanged. */
    record Num(String text) {
    }

    private JsonTree() {
    }

    static Object parse(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Num(p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    static byte[] write(Object tree, boolean pretty) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, tree);
        }
        if (pretty) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Num n) {
            g.writeNumber(n.text());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeNull();
        }
    }

    /**
     * The records of an openFDA document as the reader counts them: the elements of
     * {@code results}, of a top-level array, or the top-level object itself.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Object root) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object> list = null;
        if (root instanceof List<?> l) {
            list = (List<Object>) l;
        } else if (root instanceof Map<?, ?> m && m.get("results") instanceof List<?> l) {
            list = (List<Object>) l;
        } else if (root instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
        }
        if (list != null) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** Every (map, key) whose value is a string of plain words, depth first. */
    @SuppressWarnings("unchecked")
    static void stringSlots(Object v, List<Map.Entry<Map<String, Object>, String>> into) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (e.getValue() instanceof String s && s.matches("[A-Za-z][A-Za-z .,'&/-]{3,}")) {
                    into.add(Map.entry((Map<String, Object>) m, e.getKey()));
                } else {
                    stringSlots(e.getValue(), into);
                }
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                stringSlots(o, into);
            }
        }
    }
}
