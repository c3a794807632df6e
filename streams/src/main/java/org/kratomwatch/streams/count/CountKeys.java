package org.kratomwatch.streams.count;

import java.util.Set;
import java.util.TreeSet;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.schemas.topic.Keys;

/**
 * The counts one report version contributes to, as string keys: the total {@code N}, each distinct
 * substance {@code D|substance} (a+b), each distinct event {@code E|event} (a+c), each
 * substance–event pair {@code P|substance|event} (a), and for named term groups
 * ({@link TermGroups}) the group {@code G|group} and each substance–group pair
 * {@code Q|substance|group}: a report with several terms of a group counts once for it. Counting a report's keys once each, over the
 * latest version of every live case, gives exactly the distinct-report counts of batch scoring
 * ({@link org.kratomwatch.stats.count.ReportPairCounter} with the cross product of a report's
 * substances and events).
 */
public final class CountKeys {

    public static final String TOTAL = "N";

    private CountKeys() {
    }

    public static String substance(String substance) {
        return Keys.join("D", substance);
    }

    public static String event(String event) {
        return Keys.join("E", event);
    }

    public static String pair(String substance, String event) {
        return Keys.join("P", substance, event);
    }

    public static String group(String group) {
        return Keys.join("G", group);
    }

    public static String groupPair(String substance, String group) {
        return Keys.join("Q", substance, group);
    }

    /** The distinct keys a report contributes one to, without term groups. */
    public static Set<String> of(AdverseEventReport report) {
        return of(report, TermGroups.none());
    }

    /** The distinct keys a report contributes one to (empty for null: a retracted case contributes nothing). */
    public static Set<String> of(AdverseEventReport report, TermGroups groups) {
        Set<String> keys = new TreeSet<>();
        if (report == null) {
            return keys;
        }
        keys.add(TOTAL);
        Set<String> substances = new TreeSet<>();
        for (Drug d : report.getDrugs()) {
            if (d.getSubstance() != null) {
                substances.add(d.getSubstance());
            }
        }
        for (String s : substances) {
            keys.add(substance(s));
        }
        for (String e : report.getReactions()) {
            keys.add(event(e));
            for (String s : substances) {
                keys.add(pair(s, e));
            }
        }
        for (String g : groups.groupsOf(report.getReactions())) {
            keys.add(group(g));
            for (String s : substances) {
                keys.add(groupPair(s, g));
            }
        }
        return keys;
    }
}
