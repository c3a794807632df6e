package org.kratomwatch.schemas.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.avro.SignalEvent;
import org.kratomwatch.avro.Source;

/**
 * The Kafka keys of the topics: plain UTF-8 strings (serde {@code Serdes.String()}), so that they
 * compact, partition and look up in interactive queries without any schema, and read well in
 * tools. A composite key joins its parts with {@code |}; inside a part {@code %} is written
 * {@code %25} and {@code |} is written {@code %7C}, so the join is reversible ({@link #split}) and
 * a key starting with {@code join(part) + "|"} belongs to that first part ({@link #prefix}, for
 * prefix scans such as all signals of one substance). Enum parts use the symbol name.
 *
 * <ul>
 *   <li>{@code ae.reports.v1}: {@code caseKey}, e.g. {@code 9f86d0…}</li>
 *   <li>{@code ae.quarantine.v1}: {@code SOURCE|fileName}, e.g. {@code FAERS|DRUG24Q4.txt}</li>
 *   <li>{@code ae.signals.v1}, {@code ae.signal-events.v1}:
 *       {@code substance|eventKind|event|comparator|scope}, e.g.
 *       {@code kratom|PREFERRED_TERM|drug withdrawal syndrome|all|CUMULATIVE}</li>
 *   <li>{@code ae.interactions.v1}: {@code watchSubstance|coDrug|eventKind|event}, e.g.
 *       {@code kratom|fentanyl|PREFERRED_TERM|death}</li>
 *   <li>{@code ae.hyperparameters.v1}: {@code comparator|scope}, e.g. {@code all|CUMULATIVE}</li>
 * </ul>
 */
public final class Keys {

    /** Separator between the parts of a composite key. */
    public static final char SEPARATOR = '|';

    private Keys() {
    }

    /** Key of {@code ae.reports.v1}: the case key itself. */
    public static String report(AdverseEventReport report) {
        return Objects.requireNonNull(report.getCaseKey(), "caseKey");
    }

    /** Key of {@code ae.quarantine.v1}: {@code SOURCE|fileName}. */
    public static String quarantine(Source source, String fileName) {
        return join(source.name(), fileName);
    }

    /** Key of {@code ae.quarantine.v1} for a record. */
    public static String quarantine(QuarantinedRecord record) {
        return quarantine(record.getSource(), record.getFileName());
    }

    /** Key of {@code ae.signals.v1} and {@code ae.signal-events.v1}. */
    public static String signal(String substance, EventKind eventKind, String event, String comparator,
            Scope scope) {
        return join(substance, eventKind.name(), event, comparator, scope.name());
    }

    /** Key of {@code ae.signals.v1} for a result. */
    public static String signal(DisproportionalitySignal s) {
        return signal(s.getSubstance(), s.getEventKind(), s.getEvent(), s.getComparator(), s.getScope());
    }

    /** Key of {@code ae.signal-events.v1} for an event: the key of the signal it belongs to. */
    public static String signal(SignalEvent e) {
        return signal(e.getSubstance(), e.getEventKind(), e.getEvent(), e.getComparator(), e.getScope());
    }

    /** Key of {@code ae.interactions.v1}. */
    public static String interaction(String watchSubstance, String coDrug, EventKind eventKind, String event) {
        return join(watchSubstance, coDrug, eventKind.name(), event);
    }

    /** Key of {@code ae.interactions.v1} for a result. */
    public static String interaction(InteractionSignal s) {
        return interaction(s.getWatchSubstance(), s.getCoDrug(), s.getEventKind(), s.getEvent());
    }

    /** Key of {@code ae.hyperparameters.v1}. */
    public static String hyperparameters(String comparator, Scope scope) {
        return join(comparator, scope.name());
    }

    /** Key of {@code ae.hyperparameters.v1} for a fit. */
    public static String hyperparameters(MgpsHyperparameterSet set) {
        return hyperparameters(set.getComparator(), set.getScope());
    }

    /**
     * The prefix of every composite key whose first parts are these, e.g. {@code prefix("kratom")}
     * for a prefix scan over all signals of kratom.
     */
    public static String prefix(String... firstParts) {
        return join(firstParts) + SEPARATOR;
    }

    /** Joins escaped parts with {@code |}. */
    public static String join(String... parts) {
        StringBuilder key = new StringBuilder(64);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            String part = Objects.requireNonNull(parts[i], "key part");
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c == '%') {
                    key.append("%25");
                } else if (c == SEPARATOR) {
                    key.append("%7C");
                } else {
                    key.append(c);
                }
            }
        }
        return key.toString();
    }

    /**
     * The unescaped parts of a composite key; the inverse of {@link #join}.
     *
     * @throws IllegalArgumentException on a {@code %} not followed by {@code 25} or {@code 7C}
     */
    public static List<String> split(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == SEPARATOR) {
                parts.add(part.toString());
                part.setLength(0);
            } else if (c == '%') {
                if (key.startsWith("%25", i)) {
                    part.append('%');
                } else if (key.startsWith("%7C", i)) {
                    part.append(SEPARATOR);
                } else {
                    throw new IllegalArgumentException("invalid escape at index " + i + " of key: " + key);
                }
                i += 2;
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
