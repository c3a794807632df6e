package org.kratomwatch.ingest.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes synthetic FAERS quarterly ASCII files of any size, with known planted kratom signals, follow-up versions,
 * deletions, malformed rows and (optionally) fake personal identifiers, and returns (and writes as
 * {@code ground-truth.json}) what it planted.
 *
 * <p>Layout per quarter, as FDA publishes it: {@code faers_ascii_2024Q4.zip} (or a folder of that name) holding
 * {@code ASCII/DEMO24Q4.txt, DRUG24Q4.txt, REAC24Q4.txt, OUTC24Q4.txt} and {@code Deleted/DELETE24Q4.txt};
 * {@code $}-delimited with the headers of FDA's 2022Q4 files, LF line ends, rows sorted by primaryid (as text),
 * primaryid = caseid followed by the version number.
 *
 * <p>Streaming: every case is re-derived from (seed, case index) when a quarter needs it, rows go straight to disk,
 * and memory does not depend on the number of reports. The same options give byte-identical output.
 */
public final class FaersGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(FaersGenerator.class);

    private static final int DEMO = 0;
    private static final int DRUG = 1;
    private static final int REAC = 2;
    private static final int OUTC = 3;
    private static final byte[] BAD_BYTES = {(byte) 0x81, (byte) 0x8D};

    private final GeneratorOptions o;
    private final Catalog cat;
    private final CaseModel model;
    private final MalformedKind[] kinds;
    private final Stats stats;
    private final List<GroundTruth.PlantedIdentifier> identifiers = new ArrayList<>();
    private final List<Ghost> ghosts = new ArrayList<>();

    /** A malformed row written after the rows of its case (DEMO ghost or orphan DRUG row). */
    private record Ghost(MalformedKind kind, int variant, int version) {
    }

    private FaersGenerator(GeneratorOptions options) {
        this.o = options;
        List<String> plantedEvents = new ArrayList<>();
        for (PlantedSignal s : options.resolvedSignals()) {
            plantedEvents.add(s.event());
        }
        this.cat = new Catalog(options.seed(), options.drugCatalogSize(), options.eventCatalogSize(), plantedEvents);
        this.model = new CaseModel(options, cat);
        this.kinds = options.malformedKinds().stream().sorted().toArray(MalformedKind[]::new);
        this.stats = new Stats(cat.trackedCount(), model.planted);
    }

    /** Generates the files described by {@code options} and returns the ground truth (also written as JSON). */
    public static GroundTruth generate(GeneratorOptions options) throws IOException {
        return new FaersGenerator(options).run();
    }

    private GroundTruth run() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(o.outDir());
        List<GroundTruth.QuarterCounts> counts = new ArrayList<>();
        for (int qi = 0; qi < model.nq; qi++) {
            counts.add(writeQuarter(qi));
        }
        GroundTruth gt = groundTruth(counts);
        gt.writeJson(o.outDir().resolve(GroundTruth.FILE_NAME));
        double secs = (System.nanoTime() - t0) / 1e9;
        LOG.info("synthetic FAERS: {} cases, {} reports, {} quarters written to {} in {} s", gt.totals().cases(),
                gt.totals().reports(), counts.size(), o.outDir(), String.format(Locale.ROOT, "%.1f", secs));
        return gt;
    }

    // ------------------------------------------------------------------ one quarter

    private GroundTruth.QuarterCounts writeQuarter(int qi) throws IOException {
        Quarter q = model.quarters.get(qi);
        Tally t = new Tally();
        String fileName;
        try (QuarterOutput out = new QuarterOutput(o, q)) {
            fileName = out.fileName();
            int cq = Math.max(0, qi - CaseModel.WINDOW);
            long kTo = model.caseStart[qi + 1];
            CaseSchedule s = new CaseSchedule();
            for (long k = model.caseStart[cq]; k < kTo; k++) {
                while (k >= model.caseStart[cq + 1]) {
                    cq++;
                }
                model.schedule(k, cq, s);
                if (s.deleteQuarter == qi) {
                    out.delete.f(model.caseid(k)).end();
                    t.deleted++;
                }
                if (!s.hasVersionIn(qi)) {
                    continue;
                }
                CaseContent c = model.base(k, cq, s.day[1]);
                ghosts.clear();
                for (int v = 1; v <= s.versions && s.quarter[v] <= qi; v++) {
                    if (v > 1) {
                        model.followUp(c, v);
                    }
                    if (s.quarter[v] == qi) {
                        emit(out, t, c, s, v);
                    }
                }
                for (Ghost g : ghosts) {
                    writeGhost(out, t, c, g, s);
                }
            }
            out.finish();
        }
        Map<MalformedKind, Long> byKind = new EnumMap<>(MalformedKind.class);
        for (MalformedKind k : MalformedKind.values()) {
            byKind.put(k, t.byKind[k.ordinal()]);
        }
        Map<String, Long> byTable = new LinkedHashMap<>();
        for (int i = 0; i < FaersLayout.TABLES.size(); i++) {
            byTable.put(FaersLayout.TABLES.get(i), t.byTable[i]);
        }
        return new GroundTruth.QuarterCounts(q, fileName, t.reports, t.initial, t.followUp, t.deleted, t.kratom,
                t.sevenOh, t.drugRows, t.reacRows, t.outcRows, t.malformed(), byKind, byTable, t.identifierReports);
    }

    private void emit(QuarterOutput out, Tally t, CaseContent c, CaseSchedule s, int v) throws IOException {
        long pid = primaryid(c.caseid, v);
        int fda = s.day[v];
        demoRow(out.demo, pid, c.caseid, v, fda, c, null, 0);
        t.reports++;
        if (v == 1) {
            t.initial++;
        } else {
            t.followUp++;
        }
        if ((c.substances & Catalog.KRATOM) != 0) {
            t.kratom++;
        }
        if ((c.substances & Catalog.SEVEN_OH) != 0) {
            t.sevenOh++;
        }
        if (!c.identifiers.isEmpty()) {
            t.identifierReports++;
            if (v == 1) {
                identifiers.addAll(c.identifiers);
            }
        }
        int seq = 1;
        for (DrugLine d : c.drugs) {
            drugRow(out.drug, pid, c.caseid, seq++, d.role, d, null, null);
            t.drugRows++;
        }
        for (int i = 0; i < c.nEvents; i++) {
            out.reac.f(pid).f(c.caseid).f(cat.eventName[c.events[i]]).f("").end();
            t.reacRows++;
        }
        for (int i = 0; i < CaseContent.OUTCOME_CODES.length; i++) {
            if ((c.outcomes & (1 << i)) != 0) {
                out.outc.f(pid).f(c.caseid).f(CaseContent.OUTCOME_CODES[i]).end();
                t.outcRows++;
            }
        }
        if (v == s.lastWritten && s.deleteQuarter < 0) {
            stats.add(c);
        }
        if (kinds.length > 0 && o.malformedRate() > 0) {
            SplittableRandom mr = Rng.of(o.seed(), Rng.MALFORMED, c.k, v);
            if (mr.nextDouble() < o.malformedRate()) {
                plantMalformed(out, t, c, v, kinds[mr.nextInt(kinds.length)], mr);
            }
        }
    }

    /** FAERS primaryid: the case id followed by the version number's digits. */
    static long primaryid(long caseid, int version) {
        long p = 10;
        while (p <= version) {
            p *= 10;
        }
        return caseid * p + version;
    }

    // ------------------------------------------------------------------ rows

    /**
     * A DEMO row. {@code defect} null writes a valid row; else the defect of a ghost row (variant selects how).
     */
    private void demoRow(RowWriter w, long pid, long caseid, int v, int fda, CaseContent c, MalformedKind defect,
            int variant) throws IOException {
        boolean missingId = defect == MalformedKind.MISSING_ID;
        boolean badDate = defect == MalformedKind.BAD_DATE;
        boolean badNumber = defect == MalformedKind.BAD_NUMBER;
        boolean wrongCount = defect == MalformedKind.WRONG_COLUMN_COUNT;
        if (missingId) {
            w.f("").f("");
        } else {
            w.f(pid).f(caseid);
        }
        if (badNumber) {
            // caseversion, a field the reader parses as a whole number and quarantines (BAD_NUMBER) when it is not
            // one; junk ages and weights are not planted, since the reader keeps such reports (age unknown)
            w.f(switch (variant) {
                case 0 -> v + "A";
                case 1 -> "ONE";
                case 2 -> v + ".0";
                default -> "V" + v;
            });
        } else {
            w.f(v);
        }
        w.f(v == 1 ? "I" : "F").date(c.eventDt).date(c.mfrLag < 0 ? 0 : Dates.yyyymmdd(fda - c.mfrLag))
                .date(Dates.yyyymmdd(c.initialDay));
        int ymd = Dates.yyyymmdd(fda);
        if (badDate) {
            switch (variant) {
                case 0 -> w.f((ymd / 10000) * 10000L + 1300 + ymd % 100); // month 13
                case 1 -> w.f((ymd / 100) * 100L + 32); // day 32
                case 2 -> w.f(String.format(Locale.ROOT, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100,
                        ymd % 100)); // not YYYYMMDD
                default -> w.f((ymd / 10000) * 10000L + 230); // 30 February
            }
        } else {
            w.date(ymd);
        }
        w.f(c.reptCod).f(c.authNum).f(c.mfrNum).f(c.mfrSndr);
        if (wrongCount && variant % 2 == 0) {
            w.f("Bill R. Cost of care: $").text(Integer.toString(100 + variant)).text(" per day. J Synth Econ. 2020");
        } else {
            w.f(c.litRef);
        }
        if (wrongCount && variant % 2 == 1) {
            w.end(); // truncated after lit_ref: 13 of 25 fields
            return;
        }
        w.f(c.age).f(c.ageCod).f(c.ageGrp).f(c.sex).f("Y").f(c.wt).f(c.wtCod);
        w.date(Dates.yyyymmdd(fda - c.reptLag)).f(c.toMfr).f(c.occpCod).f(c.reporterCountry).f(c.occrCountry);
        w.end();
    }

    /**
     * A DRUG row; {@code pid} or {@code caseid} negative writes it empty; {@code rawName} replaces the drug name
     * with raw bytes; {@code doseVbm} (when not null) replaces dose_vbm.
     */
    private static void drugRow(RowWriter w, long pid, long caseid, int seq, String role, DrugLine d, byte[] rawName,
            String doseVbm) throws IOException {
        if (pid < 0) {
            w.f("");
        } else {
            w.f(pid);
        }
        if (caseid < 0) {
            w.f("");
        } else {
            w.f(caseid);
        }
        w.f(seq).f(role);
        if (rawName != null) {
            w.raw(rawName);
        } else {
            w.f(d.drugname);
        }
        w.f(d.prodAi).f(d.valVbm).f(d.route).f(doseVbm != null ? doseVbm : d.doseVbm).f(d.cumDoseChr)
                .f(d.cumDoseUnit).f(d.dechal).f(d.rechal).f(d.lotNum).f("").f(d.ndaNum).f(d.doseAmt).f(d.doseUnit)
                .f(d.doseForm).f(d.doseFreq);
        w.end();
    }

    // ------------------------------------------------------------------ malformed rows

    private void plantMalformed(QuarterOutput out, Tally t, CaseContent c, int v, MalformedKind kind,
            SplittableRandom r) throws IOException {
        int variant = r.nextInt(4);
        long pid = primaryid(c.caseid, v);
        int seq = c.drugs.size() + 1;
        switch (kind) {
            case WRONG_COLUMN_COUNT -> {
                int which = r.nextInt(100);
                if (which < 25) {
                    ghosts.add(new Ghost(kind, variant, v));
                } else if (which < 60) {
                    DrugLine d = model.line(cat.drugAlias.sample(r), "C", r);
                    drugRow(out.drug, pid, c.caseid, seq, "C", d, null, "1 DF, QD (PAID $" + (5 + variant) + ")");
                    t.bad(kind, DRUG);
                } else if (which < 85) {
                    out.reac.f(pid).f(c.caseid).end(); // 2 of 4 fields
                    t.bad(kind, REAC);
                } else {
                    out.outc.f(pid).f(c.caseid).f("OT").f("HO").end(); // 4 of 3 fields
                    t.bad(kind, OUTC);
                }
            }
            case BAD_DATE, BAD_NUMBER, ORPHAN_ROW -> ghosts.add(new Ghost(kind, variant, v));
            case UNKNOWN_CODE -> {
                if (variant % 2 == 0) {
                    DrugLine d = model.line(cat.drugAlias.sample(r), "C", r);
                    drugRow(out.drug, pid, c.caseid, seq, "ZZ", d, null, null);
                    t.bad(kind, DRUG);
                } else {
                    out.outc.f(pid).f(c.caseid).f("ZZ").end();
                    t.bad(kind, OUTC);
                }
            }
            case MISSING_ID -> {
                switch (variant % 3) {
                    case 0 -> ghosts.add(new Ghost(kind, variant, v));
                    case 1 -> {
                        DrugLine d = model.line(cat.drugAlias.sample(r), "C", r);
                        drugRow(out.drug, -1, -1, seq, "C", d, null, null);
                        t.bad(kind, DRUG);
                    }
                    default -> {
                        out.reac.f("").f("").f(cat.eventName[cat.commonAlias.sample(r)]).f("").end();
                        t.bad(kind, REAC);
                    }
                }
            }
            case BROKEN_ENCODING -> {
                int p = cat.drugAlias.sample(r);
                DrugLine d = model.line(p, "C", r);
                byte[] name = d.drugname.getBytes(StandardCharsets.UTF_8);
                int cut = Math.max(1, name.length / 2);
                byte[] raw = new byte[name.length + BAD_BYTES.length];
                System.arraycopy(name, 0, raw, 0, cut);
                System.arraycopy(BAD_BYTES, 0, raw, cut, BAD_BYTES.length);
                System.arraycopy(name, cut, raw, cut + BAD_BYTES.length, name.length - cut);
                drugRow(out.drug, pid, c.caseid, seq, "C", d, raw, null);
                t.bad(kind, DRUG);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** Rows of a ghost case id (no valid case has it), written after all rows of case c. */
    private void writeGhost(QuarterOutput out, Tally t, CaseContent c, Ghost g, CaseSchedule s) throws IOException {
        long ghost = model.ghostCaseid(c.k);
        long pid = primaryid(ghost, g.version());
        if (g.kind() == MalformedKind.ORPHAN_ROW) {
            SplittableRandom r = Rng.of(o.seed(), Rng.MALFORMED, c.k, 100 + g.version());
            DrugLine d = model.line(cat.drugAlias.sample(r), "PS", r);
            drugRow(out.drug, pid, ghost, 1, "PS", d, null, null);
            t.bad(g.kind(), DRUG);
        } else {
            demoRow(out.demo, pid, ghost, g.version(), s.day[g.version()], c, g.kind(), g.variant());
            t.bad(g.kind(), DEMO);
        }
    }

    // ------------------------------------------------------------------ ground truth

    private GroundTruth groundTruth(List<GroundTruth.QuarterCounts> counts) {
        long reports = 0;
        long initial = 0;
        long followUp = 0;
        long deleted = 0;
        long kratom = 0;
        long sevenOh = 0;
        long drugRows = 0;
        long reacRows = 0;
        long outcRows = 0;
        long malformed = 0;
        Map<MalformedKind, Long> byKind = new EnumMap<>(MalformedKind.class);
        Map<String, Long> byTable = new LinkedHashMap<>();
        for (GroundTruth.QuarterCounts q : counts) {
            reports += q.reports();
            initial += q.initialReports();
            followUp += q.followUpReports();
            deleted += q.deletedCases();
            kratom += q.kratomReports();
            sevenOh += q.sevenOhReports();
            drugRows += q.drugRows();
            reacRows += q.reactionRows();
            outcRows += q.outcomeRows();
            malformed += q.malformedRows();
            q.malformedByKind().forEach((k, v) -> byKind.merge(k, v, Long::sum));
            q.malformedByTable().forEach((k, v) -> byTable.merge(k, v, Long::sum));
        }
        GroundTruth.Totals totals = new GroundTruth.Totals(reports, initial, followUp, deleted, kratom, sevenOh,
                drugRows, reacRows, outcRows, malformed, byKind, byTable, initial, stats.analysable,
                stats.exposed[0], stats.exposed[1], stats.kratomRelated);
        List<GroundTruth.SignalTruth> signals = new ArrayList<>();
        for (CaseModel.Planted p : model.planted) {
            signals.add(new GroundTruth.SignalTruth(p.signal(), stats.observed(p)));
        }
        List<GroundTruth.SubstanceEvents> se = new ArrayList<>();
        String[] names = {PlantedSignal.KRATOM, PlantedSignal.SEVEN_OH};
        for (int b = 0; b < 2; b++) {
            List<GroundTruth.EventCount> ev = new ArrayList<>();
            for (int tr = 0; tr < cat.trackedCount(); tr++) {
                boolean planted = false;
                for (CaseModel.Planted p : model.planted) {
                    planted |= p.tracked() == tr && p.signal().substance().equals(names[b]);
                }
                ev.add(new GroundTruth.EventCount(cat.eventName[cat.commonCount + tr], stats.subEvent[b][tr],
                        stats.eventCases[tr], planted));
            }
            se.add(new GroundTruth.SubstanceEvents(names[b], stats.exposed[b], ev));
        }
        return new GroundTruth(o, counts, totals, signals, se, identifiers);
    }

    /** Per-quarter counters. */
    private static final class Tally {
        long reports;
        long initial;
        long followUp;
        long deleted;
        long kratom;
        long sevenOh;
        long drugRows;
        long reacRows;
        long outcRows;
        long identifierReports;
        final long[] byKind = new long[MalformedKind.values().length];
        final long[] byTable = new long[4];

        void bad(MalformedKind kind, int table) {
            byKind[kind.ordinal()]++;
            byTable[table]++;
        }

        long malformed() {
            long s = 0;
            for (long x : byKind) {
                s += x;
            }
            return s;
        }
    }

    /** Counts over analysable cases (latest version written, not deleted). */
    private static final class Stats {
        private final CaseModel.Planted[] planted;
        long analysable;
        long kratomRelated;
        /** [0] kratom, [1] 7-OH. */
        final long[] exposed = new long[2];
        final long[] eventCases;
        final long[][] subEvent;
        final long[][] sig;
        final double[][] sums;

        // sig columns
        static final int N = 0;
        static final int M = 1;
        static final int A = 2;
        static final int N_AFTER = 3;
        static final int A_AFTER = 4;
        static final int N_BEFORE = 5;
        static final int A_BEFORE = 6;
        static final int CELLS = 7; // 8 cells: (S, C) in {11, 10, 01, 00} x {cases, with event}

        Stats(int trackedCount, CaseModel.Planted[] planted) {
            this.planted = planted;
            eventCases = new long[trackedCount];
            subEvent = new long[2][trackedCount];
            sig = new long[planted.length][CELLS + 8];
            sums = new double[planted.length][3];
        }

        void add(CaseContent c) {
            analysable++;
            boolean k = (c.substances & Catalog.KRATOM) != 0;
            boolean s = (c.substances & Catalog.SEVEN_OH) != 0;
            if (k) {
                exposed[0]++;
            }
            if (s) {
                exposed[1]++;
            }
            if (k || s) {
                kratomRelated++;
            }
            for (int t = 0; t < eventCases.length; t++) {
                if (c.tracked[t]) {
                    eventCases[t]++;
                    if (k) {
                        subEvent[0][t]++;
                    }
                    if (s) {
                        subEvent[1][t]++;
                    }
                }
            }
            for (CaseModel.Planted p : planted) {
                long[] x = sig[p.index()];
                boolean hasS = (c.substances & p.substanceBit()) != 0;
                boolean hasC = p.withMask() != 0 && (c.classMask & p.withMask()) != 0;
                boolean exp = hasS && (p.withMask() == 0 || hasC);
                boolean ev = c.tracked[p.tracked()];
                x[N]++;
                x[M] += ev ? 1 : 0;
                if (exp) {
                    x[A] += ev ? 1 : 0;
                    if (c.caseQuarter >= p.onsetIndex()) {
                        x[N_AFTER]++;
                        x[A_AFTER] += ev ? 1 : 0;
                        double[] sm = sums[p.index()];
                        sm[0] += c.pWith[p.index()];
                        sm[1] += c.pWithout[p.index()];
                        sm[2] += c.pWith[p.index()] * (1 - c.pWith[p.index()]);
                    } else {
                        x[N_BEFORE]++;
                        x[A_BEFORE] += ev ? 1 : 0;
                    }
                }
                if (p.withMask() != 0) {
                    int cell = CELLS + 2 * ((hasS ? 0 : 2) + (hasC ? 0 : 1));
                    x[cell]++;
                    x[cell + 1] += ev ? 1 : 0;
                }
            }
        }

        long exposedCount(CaseModel.Planted p) {
            long[] x = sig[p.index()];
            return x[N_AFTER] + x[N_BEFORE];
        }

        GroundTruth.Observed observed(CaseModel.Planted p) {
            long[] x = sig[p.index()];
            double[] sm = sums[p.index()];
            GroundTruth.InteractionCells cells = null;
            if (p.withMask() != 0) {
                cells = new GroundTruth.InteractionCells(x[CELLS], x[CELLS + 1], x[CELLS + 2], x[CELLS + 3],
                        x[CELLS + 4], x[CELLS + 5], x[CELLS + 6], x[CELLS + 7]);
            }
            return new GroundTruth.Observed(x[N], exposedCount(p), x[M], x[A], x[N_AFTER], x[A_AFTER], sm[0], sm[1],
                    sm[2], x[N_BEFORE], x[A_BEFORE], cells);
        }
    }
}
