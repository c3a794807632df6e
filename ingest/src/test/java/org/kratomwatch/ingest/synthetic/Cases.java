package org.kratomwatch.ingest.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cases of generated files, rebuilt from the valid rows alone (latest version, deletions removed). */
final class Cases {

    /** One report version as read. */
    static final class Report {
        String pid;
        String caseid;
        int version;
        int quarterIndex;
        final List<String> drugnames = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        final Set<String> pts = new LinkedHashSet<>();
    }

    /** Report versions by primaryid. */
    final Map<String, Report> reports = new HashMap<>();
    /** caseid -> quarter index of its initial (version 1) report. */
    final Map<String, Integer> initialQuarter = new HashMap<>();
    /** caseid -> latest version. */
    final Map<String, Report> latest = new HashMap<>();
    final Set<String> deleted = new HashSet<>();

    Cases(GeneratedFiles files) {
        for (int qi = 0; qi < files.quarters.size(); qi++) {
            GeneratedFiles.QuarterFiles q = files.quarters.get(qi);
            for (String[] d : q.valid.get(FaersLayout.DEMO)) {
                Report r = new Report();
                r.pid = d[0];
                r.caseid = d[1];
                r.version = Integer.parseInt(d[2]);
                r.quarterIndex = qi;
                if (reports.put(r.pid, r) != null) {
                    throw new IllegalStateException("primaryid twice: " + r.pid);
                }
                if (r.version == 1) {
                    initialQuarter.put(r.caseid, qi);
                }
                Report prev = latest.get(r.caseid);
                if (prev == null || prev.version < r.version) {
                    latest.put(r.caseid, r);
                }
            }
            for (String[] d : q.valid.get(FaersLayout.DRUG)) {
                Report r = reports.get(d[0]);
                r.drugnames.add(d[4]);
                r.roles.add(d[3]);
            }
            for (String[] d : q.valid.get(FaersLayout.REAC)) {
                reports.get(d[0]).pts.add(d[2]);
            }
            for (String line : q.deleteLines) {
                if (!line.isBlank()) {
                    deleted.add(line);
                }
            }
        }
    }

    /** Latest versions of the cases not deleted. */
    List<Report> analysable() {
        List<Report> out = new ArrayList<>();
        for (Report r : latest.values()) {
            if (!deleted.contains(r.caseid)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Kratom-related substance of a drug name (kratom-products.tsv; a planted identifier suffix is ignored). */
    static final Map<String, String> SUBSTANCE_BY_NAME = new HashMap<>();

    static {
        for (String[] row : Catalog.readTsv("kratom-products.tsv", 5)) {
            SUBSTANCE_BY_NAME.put(row[1], row[0]);
        }
    }

    static String baseName(String drugname) {
        int i = drugname.indexOf(" GIVEN BY DR. ");
        return i < 0 ? drugname : drugname.substring(0, i);
    }

    static boolean names(Report r, String substance) {
        for (String n : r.drugnames) {
            if (substance.equals(SUBSTANCE_BY_NAME.get(baseName(n)))) {
                return true;
            }
        }
        return false;
    }
}
