package org.kratomwatch.streams.count;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.Drug;
import org.kratomwatch.avro.DrugRole;
import org.kratomwatch.streams.engine.EngineConfig;

/**
 * What one report version adds to the counts: its cell and the coarse count keys it counts once in
 * ({@link CountKeys}), each marked when it belongs to a watched exposure. Co-exposures (for Ω) pair a
 * watched exposure with every other exposure of the report except those of the same drug line (a
 * substance and its own group, such as kratom and kratom-related, always come together). Counting every live
 * case's latest version this way gives exactly the distinct-report counts of batch scoring.
 *
 * @param cell the report's cell
 * @param keys coarse key to "watched"
 */
public record ReportContribution(Cell cell, Map<String, Boolean> keys) {

    /** Roles that make a drug suspect for the comparator classes (FAERS PS, SS, I; E2B suspect). */
    public static final Set<DrugRole> SUSPECT_ROLES = EnumSet.of(DrugRole.PRIMARY_SUSPECT, DrugRole.SECONDARY_SUSPECT,
            DrugRole.SUSPECT, DrugRole.INTERACTING);

    /** Exposure kind and name, e.g. (S, kratom) or (G, opioid). */
    record Exposure(String kind, String name) implements Comparable<Exposure> {
        @Override
        public int compareTo(Exposure o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    /** The contribution of a report; null (a retracted case) contributes nothing. */
    public static ReportContribution of(AdverseEventReport report, EngineConfig config) {
        if (report == null) {
            return null;
        }
        Set<Exposure> exposures = new TreeSet<>();
        Set<Exposure> watched = new TreeSet<>();
        Set<Exposure> interacting = new TreeSet<>();
        Set<List<Exposure>> sameDrug = new java.util.HashSet<>();
        int flags = 0;
        for (Drug d : report.getDrugs()) {
            List<String> groups = d.getSubstanceGroups();
            List<Exposure> ofDrug = new java.util.ArrayList<>();
            if (d.getSubstance() != null) {
                ofDrug.add(new Exposure(CountKeys.SUBSTANCE, d.getSubstance()));
            }
            for (String g : groups) {
                ofDrug.add(new Exposure(CountKeys.GROUP, g));
            }
            for (Exposure u : ofDrug) {
                for (Exposure v : ofDrug) {
                    sameDrug.add(List.of(u, v));
                }
            }
            if (d.getSubstance() != null) {
                Exposure x = new Exposure(CountKeys.SUBSTANCE, d.getSubstance());
                exposures.add(x);
                if (config.watch().substance(d.getSubstance(), groups)) {
                    watched.add(x);
                }
                if (config.interactionWatch().substance(d.getSubstance(), groups)) {
                    interacting.add(x);
                }
            }
            for (String g : groups) {
                Exposure x = new Exposure(CountKeys.GROUP, g);
                exposures.add(x);
                if (config.watch().group(g)) {
                    watched.add(x);
                }
                if (config.interactionWatch().group(g)) {
                    interacting.add(x);
                }
            }
            if (SUSPECT_ROLES.contains(d.getRole())) {
                for (int i = 1; i < config.comparators().size(); i++) {
                    if (groups.contains(config.comparators().get(i).excludedClass())) {
                        flags |= 1 << (i - 1);
                    }
                }
            }
        }
        Set<Exposure> events = new TreeSet<>();
        for (String e : report.getReactions()) {
            events.add(new Exposure(CountKeys.TERM, e));
        }
        for (String g : config.termGroups().groupsOf(report.getReactions())) {
            events.add(new Exposure(CountKeys.GROUP, g));
        }
        String stratum = config.stratify() ? stratumOf(report) : Cell.UNSTRATIFIED;
        Cell cell = new Cell(config.periodBasis().periodOf(report), stratum, flags);

        Map<String, Boolean> keys = new TreeMap<>();
        keys.put(CountKeys.TOTAL, false);
        for (Exposure e : events) {
            keys.put(CountKeys.event(e.kind(), e.name()), false);
        }
        for (Exposure x : exposures) {
            boolean w = watched.contains(x);
            keys.put(CountKeys.exposure(x.kind(), x.name()), false);
            for (Exposure e : events) {
                keys.put(CountKeys.pair(x.kind(), x.name(), e.kind(), e.name()), w);
            }
        }
        for (Exposure x : interacting) {
            for (Exposure y : exposures) {
                if (y.equals(x) || sameDrug.contains(List.of(x, y))) {
                    continue; // a substance and its own group (kratom, kratom-related) are no interaction
                }
                keys.put(CountKeys.coExposure(x.kind(), x.name(), y.kind(), y.name()), false);
                for (Exposure e : events) {
                    keys.put(CountKeys.triple(x.kind(), x.name(), y.kind(), y.name(), e.kind(), e.name()), true);
                }
            }
        }
        return new ReportContribution(cell, keys);
    }

    /**
     * The report's stratum: the one given with the input ({@code =} + its value, for pairs files),
     * else {@code AGE_BAND/SEX} (the cell adds the period's year).
     */
    static String stratumOf(AdverseEventReport report) {
        return report.getStratum() != null ? "=" + report.getStratum()
                : report.getAgeBand().name() + "/" + report.getSex().name();
    }
}
