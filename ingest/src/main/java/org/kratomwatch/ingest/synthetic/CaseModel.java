package org.kratomwatch.ingest.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The generative model. Every case is a pure function of (seed, case index): its schedule (versions, deletion) and
 * content are re-derived whenever a quarter needs them, so memory does not grow with the number of cases.
 *
 * <p>Cases are numbered 0..reports-1 in order of their initial report; case ids grow with the index (8 digits, with
 * gaps), and a "ghost" id between two cases is kept free for malformed rows.
 */
final class CaseModel {

    /** Every version and deletion of a case falls within this many quarters after its initial quarter. */
    static final int WINDOW = 10;
    static final long CASEID_BASE = 20_000_000L;
    static final long CASEID_MAX = 99_999_999L;

    private static final double[] COUNT_CUMULATIVE;

    static {
        // 1 + Binomial(9, 1/3): 1 to 10, mean 4
        double[] w = new double[10];
        for (int k = 0; k <= 9; k++) {
            w[k] = binomial(9, k) * Math.pow(1.0 / 3, k) * Math.pow(2.0 / 3, 9 - k);
        }
        COUNT_CUMULATIVE = Rng.cumulative(w);
    }

    final GeneratorOptions o;
    final Catalog cat;
    final long seed;
    final List<Quarter> quarters;
    final int nq;
    /** caseStart[q] = index of the first case of quarter q; caseStart[nq] = reports. */
    final long[] caseStart;
    /** qFirstDay[q] = epoch day of the quarter's first day; qFirstDay[nq] = the day after the last quarter. */
    final int[] qFirstDay;
    final long stride;
    final double[] kratomShare;
    final double[] sevenOhProb;
    final long[] identifierCases;
    final Planted[] planted;
    final int[][] plantedByTracked;
    private final int effectFreeTailStart;
    private final int death;
    private final int accidental;

    /** A planted signal resolved against the catalog. */
    record Planted(int index, PlantedSignal signal, int substanceBit, int withMask, int tracked, double strength,
            int onsetIndex) {
    }

    CaseModel(GeneratorOptions o, Catalog cat) {
        this.o = o;
        this.cat = cat;
        this.seed = o.seed();
        this.quarters = o.quarters();
        this.nq = quarters.size();
        qFirstDay = new int[nq + 1];
        for (int q = 0; q < nq; q++) {
            qFirstDay[q] = Dates.epochDay(quarters.get(q).firstDay());
        }
        qFirstDay[nq] = Dates.epochDay(quarters.get(nq - 1).lastDay()) + 1;

        // cases per quarter: weights rising linearly by volumeGrowth, largest remainder
        double[] w = new double[nq];
        double tw = 0;
        for (int q = 0; q < nq; q++) {
            w[q] = 1 + o.volumeGrowth() * (nq == 1 ? 0 : (double) q / (nq - 1));
            tw += w[q];
        }
        long[] n = new long[nq];
        double[] rem = new double[nq];
        long assigned = 0;
        for (int q = 0; q < nq; q++) {
            double exact = o.reports() * w[q] / tw;
            n[q] = (long) Math.floor(exact);
            rem[q] = exact - n[q];
            assigned += n[q];
        }
        Integer[] order = new Integer[nq];
        for (int q = 0; q < nq; q++) {
            order[q] = q;
        }
        Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Double.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; assigned < o.reports(); i++, assigned++) {
            n[order[i % nq]]++;
        }
        caseStart = new long[nq + 1];
        for (int q = 0; q < nq; q++) {
            caseStart[q + 1] = caseStart[q] + n[q];
        }
        stride = Math.max(2, Math.min(16, (CASEID_MAX - CASEID_BASE) / (o.reports() + 1)));

        kratomShare = new double[nq];
        sevenOhProb = new double[nq];
        int sevenFrom = o.resolvedSevenOhFrom().minus(quarters.get(0));
        for (int q = 0; q < nq; q++) {
            double f = nq == 1 ? 1 : (double) q / (nq - 1);
            kratomShare[q] = o.kratomShareFirst() + (o.kratomShareLast() - o.kratomShareFirst()) * f;
            if (q >= sevenFrom) {
                int span = Math.max(1, nq - Math.max(0, sevenFrom));
                sevenOhProb[q] = o.sevenOhShare() * Math.min(1.0, (double) (q - sevenFrom + 1) / span);
            }
        }

        // identifier cases: a sorted sample without replacement
        SplittableRandom ir = Rng.of(seed, Rng.IDENTIFIERS, -1, -1);
        Set<Long> chosen = new HashSet<>();
        while (chosen.size() < o.identifierCases()) {
            chosen.add(ir.nextLong(o.reports()));
        }
        identifierCases = chosen.stream().mapToLong(Long::longValue).sorted().toArray();

        List<PlantedSignal> signals = o.resolvedSignals();
        planted = new Planted[signals.size()];
        List<List<Integer>> byTracked = new ArrayList<>();
        for (int t = 0; t < cat.trackedCount(); t++) {
            byTracked.add(new ArrayList<>());
        }
        for (int j = 0; j < signals.size(); j++) {
            PlantedSignal s = signals.get(j);
            int bit = s.substance().equals(PlantedSignal.KRATOM) ? Catalog.KRATOM : Catalog.SEVEN_OH;
            int with = 0;
            if (s.interactingWith() != null) {
                with = cat.classBit(s.interactingWith());
                if (with == 0) {
                    throw new IllegalArgumentException("unknown drug class '" + s.interactingWith()
                            + "' in planted signal " + s.id() + "; classes: " + cat.classes);
                }
            }
            int t = cat.trackedIndex(s.event());
            if (t < 0) {
                throw new IllegalStateException("event not tracked: " + s.event());
            }
            planted[j] = new Planted(j, s, bit, with, t, s.strength(), s.onset().minus(quarters.get(0)));
            byTracked.get(t).add(j);
        }
        plantedByTracked = new int[cat.trackedCount()][];
        for (int t = 0; t < plantedByTracked.length; t++) {
            plantedByTracked[t] = byTracked.get(t).stream().mapToInt(Integer::intValue).toArray();
        }
        effectFreeTailStart = cat.namedDrugCount;
        death = cat.trackedIndex("Death");
        accidental = cat.trackedIndex("Accidental death");
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    static int drawCount(SplittableRandom r) {
        return 1 + Rng.pick(r, COUNT_CUMULATIVE);
    }

    int quarterOfDay(int day) {
        if (day >= qFirstDay[nq]) {
            return nq;
        }
        int lo = 0;
        int hi = nq - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (qFirstDay[mid] <= day) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    long caseid(long k) {
        long jitter = stride > 2 ? Math.floorMod(Rng.seed(seed, Rng.CASE_ID, k, 0), stride - 1) : 0;
        return CASEID_BASE + k * stride + jitter;
    }

    /** A case id no valid case has, between case k and case k+1. */
    long ghostCaseid(long k) {
        return CASEID_BASE + k * stride + stride - 1;
    }

    boolean hasIdentifiers(long k) {
        return identifierCases.length > 0 && Arrays.binarySearch(identifierCases, k) >= 0;
    }

    // ------------------------------------------------------------------ schedule

    void schedule(long k, int cq, CaseSchedule s) {
        SplittableRandom r = Rng.of(seed, Rng.SCHEDULE, k, 0);
        long n = caseStart[cq + 1] - caseStart[cq];
        long kin = k - caseStart[cq];
        int days = qFirstDay[cq + 1] - qFirstDay[cq];
        int d0 = qFirstDay[cq] + (int) Math.min(days - 1, Math.floor((kin + r.nextDouble()) * days / n));
        s.k = k;
        s.caseQuarter = cq;
        s.versions = 1;
        if (r.nextDouble() < o.followUpRate()) {
            s.versions = 2;
            if (r.nextDouble() < 0.35) {
                s.versions = 3;
                if (r.nextDouble() < 0.25) {
                    s.versions = 4;
                }
            }
        }
        s.day[1] = d0;
        s.quarter[1] = cq;
        s.lastWritten = 1;
        for (int v = 2; v <= s.versions; v++) {
            s.day[v] = Math.min(d0 + 365, s.day[v - 1] + 7 + (int) Rng.exponential(r, 60));
            s.quarter[v] = quarterOfDay(s.day[v]);
            if (s.quarter[v] < nq) {
                s.lastWritten = v;
            }
        }
        s.deleteQuarter = -1;
        if (r.nextDouble() < o.deletionRate()) {
            int last = s.versions;
            int dd = s.day[last] + 30 + (int) Math.min(335, Rng.exponential(r, 90));
            int dq = Math.max(quarterOfDay(dd), Math.min(nq, s.quarter[last] + 1));
            if (dq < nq) {
                s.deleteQuarter = dq;
            }
        }
        if (s.quarter[s.lastWritten] > cq + WINDOW || s.deleteQuarter > cq + WINDOW) {
            throw new IllegalStateException("schedule beyond the window for case " + k);
        }
    }

    // ------------------------------------------------------------------ content

    /** The content of case k at version 1. */
    CaseContent base(long k, int cq, int initialDay) {
        SplittableRandom r = Rng.of(seed, Rng.CONTENT, k, 0);
        CaseContent c = new CaseContent();
        c.k = k;
        c.caseid = caseid(k);
        c.caseQuarter = cq;
        c.initialDay = initialDay;
        if (r.nextDouble() < kratomShare[cq]) {
            if (r.nextDouble() < sevenOhProb[cq]) {
                c.substances = Catalog.SEVEN_OH;
                if (r.nextDouble() < 0.1) {
                    c.substances |= Catalog.KRATOM;
                }
            } else {
                c.substances = Catalog.KRATOM;
            }
        }
        int nd = drawCount(r);
        if (c.substances != 0) {
            kratomDrugs(c, r, nd);
        } else {
            backgroundDrugs(c, r, nd);
        }
        for (DrugLine d : c.drugs) {
            c.classMask |= cat.classMask[d.product];
        }
        events(c, r);
        outcomes(c, r);
        demographics(c, r);
        if (hasIdentifiers(k)) {
            plantIdentifiers(c);
        }
        return c;
    }

    private boolean hasProduct(CaseContent c, int p) {
        for (DrugLine d : c.drugs) {
            if (d.product == p) {
                return true;
            }
        }
        return false;
    }

    private void backgroundDrugs(CaseContent c, SplittableRandom r, int nd) {
        for (int tries = 0; c.drugs.size() < nd && tries < 50; tries++) {
            int p = cat.drugAlias.sample(r);
            if (!hasProduct(c, p)) {
                String role = c.drugs.isEmpty() ? "PS" : otherRole(r);
                c.drugs.add(line(p, role, r));
            }
        }
        if (c.drugs.size() > 1 && r.nextDouble() < 0.1) {
            DrugLine ps = c.drugs.get(0);
            c.drugs.set(0, c.drugs.get(1));
            c.drugs.set(1, ps);
        }
    }

    private static String otherRole(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.35 ? "SS" : u < 0.95 ? "C" : "I";
    }

    private static final String[] POOLS = {"opioid", "benzodiazepine", "stimulant", "alcohol", "cannabis",
        "antidepressant", "supplement"};
    private static final double[] POOL_PROB = {0.35, 0.20, 0.12, 0.08, 0.10, 0.08, 0.04};

    private void kratomDrugs(CaseContent c, SplittableRandom r, int nd) {
        if ((c.substances & Catalog.SEVEN_OH) != 0) {
            int p = cat.sevenOhProducts[Rng.pick(r, cat.sevenOhCumulative)];
            c.drugs.add(line(p, kratomRole(r), r));
        }
        if ((c.substances & Catalog.KRATOM) != 0) {
            int p = cat.kratomProducts[Rng.pick(r, cat.kratomCumulative)];
            c.drugs.add(line(p, c.drugs.isEmpty() ? kratomRole(r) : "C", r));
        }
        int kratomLines = c.drugs.size();
        for (int i = 0; i < POOLS.length; i++) {
            if (r.nextDouble() < POOL_PROB[i] && c.drugs.size() < 10) {
                int p = cat.pools.get(POOLS[i])[Rng.pick(r, cat.poolCumulative.get(POOLS[i]))];
                if (!hasProduct(c, p)) {
                    c.drugs.add(line(p, otherRole(r), r));
                }
            }
        }
        for (int tries = 0; c.drugs.size() < nd && tries < 50; tries++) {
            int p = cat.drugAlias.sample(r);
            if (!hasProduct(c, p)) {
                c.drugs.add(line(p, otherRole(r), r));
            }
        }
        // exactly one primary suspect: the kratom product, or else the first co-reported drug
        if (!c.drugs.get(0).role.equals("PS")) {
            if (c.drugs.size() > kratomLines) {
                DrugLine first = c.drugs.remove(kratomLines);
                first.role = "PS";
                c.drugs.add(0, first);
            } else {
                c.drugs.get(0).role = "PS";
            }
        }
    }

    private static String kratomRole(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.65 ? "PS" : u < 0.90 ? "SS" : "C";
    }

    private static final String[] KRATOM_DOSES = {"UNK", "UNK", "1 TSP", "2 TSP, QD", "UNKNOWN AMOUNT",
        "3 CAPSULES DAILY", "4 G, TID", "1 DF, QD", "ABOUT 10 G A DAY", "", ""};
    private static final String[] KRATOM_FORMS = {"", "", "Powder", "Capsule", "Tablet", "Liquid", "Herbal tea"};
    private static final String[] SEVEN_OH_DOSES = {"UNK", "1 TABLET", "2 DF, QD", "15 MG", "1 SHOT", "", ""};
    private static final String[] SEVEN_OH_FORMS = {"", "Tablet", "Chewable tablet", "Oral solution"};
    private static final String[] LOTS = {"UNKNOWN", "B2013B161", "SUR62", "ASKED BUT UNKNOWN", "LOT 4471A",
        "AB1234", "X99812"};

    DrugLine line(int p, String role, SplittableRandom r) {
        DrugLine d = new DrugLine();
        d.product = p;
        d.role = role;
        d.drugname = cat.name[p];
        int sub = cat.substance[p];
        d.doseAmt = "";
        d.doseUnit = "";
        d.doseFreq = "";
        if (sub == Catalog.NONE) {
            d.prodAi = r.nextDouble() < 0.97 ? cat.prodAi[p] : "";
            d.valVbm = 1;
            d.route = r.nextDouble() < 0.8 ? cat.route[p] : "Unknown";
            boolean dosed = !cat.doseAmt[p].isEmpty() && r.nextDouble() < 0.45;
            d.doseForm = r.nextDouble() < 0.5 ? cat.doseForm[p] : "";
            double u = r.nextDouble();
            if (dosed) {
                d.doseAmt = cat.doseAmt[p];
                d.doseUnit = cat.doseUnit[p];
                d.doseFreq = cat.doseFreq[p];
                d.doseVbm = cat.dosedVbm[p];
            } else {
                d.doseVbm = u < 0.5 ? "UNK" : u < 0.6 ? "UNK UNK, unknown freq." : "";
            }
            d.ndaNum = r.nextDouble() < 0.6 ? cat.ndaNum[p] : "";
        } else {
            double u = r.nextDouble();
            if (sub == Catalog.KRATOM) {
                d.prodAi = u < 0.85 ? "" : u < 0.95 ? "MITRAGYNA SPECIOSA LEAF" : "MITRAGYNINE";
                d.doseVbm = KRATOM_DOSES[r.nextInt(KRATOM_DOSES.length)];
                d.doseForm = KRATOM_FORMS[r.nextInt(KRATOM_FORMS.length)];
            } else {
                d.prodAi = u < 0.8 ? "" : "7-HYDROXYMITRAGYNINE";
                d.doseVbm = SEVEN_OH_DOSES[r.nextInt(SEVEN_OH_DOSES.length)];
                d.doseForm = SEVEN_OH_FORMS[r.nextInt(SEVEN_OH_FORMS.length)];
            }
            d.valVbm = 2;
            d.route = r.nextDouble() < 0.7 ? "Oral" : "Unknown";
            d.ndaNum = "";
        }
        double u = r.nextDouble();
        d.dechal = u < 0.40 ? "U" : u < 0.45 ? "D" : u < 0.47 ? "N" : u < 0.50 ? "Y" : "";
        d.rechal = r.nextDouble() < 0.05 ? "U" : "";
        u = r.nextDouble();
        d.lotNum = u < 0.06 ? LOTS[r.nextInt(LOTS.length)] : "";
        if (r.nextDouble() < 0.04 && !d.doseAmt.isEmpty()) {
            d.cumDoseChr = Integer.toString(10 * (1 + r.nextInt(1000)));
            d.cumDoseUnit = d.doseUnit;
        } else {
            d.cumDoseChr = "";
            d.cumDoseUnit = "";
        }
        return d;
    }

    private boolean applies(Planted p, CaseContent c) {
        return c.caseQuarter >= p.onsetIndex() && (c.substances & p.substanceBit()) != 0
                && (p.withMask() == 0 || (c.classMask & p.withMask()) != 0);
    }

    private void events(CaseContent c, SplittableRandom r) {
        int nt = cat.trackedCount();
        c.tracked = new boolean[nt];
        c.pWith = new double[planted.length];
        c.pWithout = new double[planted.length];
        int[] ev = new int[nt + 12];
        int n = 0;
        for (int t = 0; t < nt; t++) {
            double p = cat.backgroundRate(t, c.classMask);
            for (int j : plantedByTracked[t]) {
                if (applies(planted[j], c)) {
                    p *= planted[j].strength();
                }
            }
            double pc = Math.min(Catalog.CAP, p);
            for (int j : plantedByTracked[t]) {
                if (applies(planted[j], c)) {
                    c.pWith[j] = pc;
                    c.pWithout[j] = Math.min(Catalog.CAP, p / planted[j].strength());
                }
            }
            if (r.nextDouble() < pc) {
                c.tracked[t] = true;
                ev[n++] = cat.commonCount + t;
            }
        }
        int ne = drawCount(r);
        int slots = n == 0 ? ne : Math.max(0, ne - n);
        for (int s = 0; s < slots; s++) {
            for (int tries = 0; tries < 8; tries++) {
                int e = slotEvent(c, r);
                boolean dup = false;
                for (int i = 0; i < n; i++) {
                    dup |= ev[i] == e;
                }
                if (!dup) {
                    ev[n++] = e;
                    break;
                }
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = ev[i];
            ev[i] = ev[j];
            ev[j] = tmp;
        }
        c.nEvents = n;
        c.events = ev;
    }

    private int slotEvent(CaseContent c, SplittableRandom r) {
        int suspects = 0;
        for (DrugLine d : c.drugs) {
            if (!d.role.equals("C")) {
                suspects++;
            }
        }
        int pick = r.nextInt(suspects);
        DrugLine src = null;
        for (DrugLine d : c.drugs) {
            if (!d.role.equals("C") && pick-- == 0) {
                src = d;
                break;
            }
        }
        int p = src.product;
        if (r.nextDouble() < cat.labelPropensity[p]) {
            return cat.labelEvents[p][Rng.pick(r, cat.labelCumulative[p])];
        }
        return cat.commonAlias.sample(r);
    }

    private static final double[] OUTCOME_BG = {0.02, 0.05, 0.28, 0.03, 0.003, 0.01, 0.45};
    private static final double[] OUTCOME_KRATOM = {0.08, 0.12, 0.45, 0.02, 0.002, 0.03, 0.35};

    private void outcomes(CaseContent c, SplittableRandom r) {
        double[] p = c.substances != 0 ? OUTCOME_KRATOM : OUTCOME_BG;
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            if (r.nextDouble() < p[i]) {
                m |= 1 << i;
            }
        }
        if ((death >= 0 && c.tracked[death]) || (accidental >= 0 && c.tracked[accidental])) {
            m |= 1;
        }
        c.outcomes = m;
    }

    private static final String[][] COMPANIES = {{"PFIZER", "PFIZER INC"}, {"NOVARTIS", "NOVARTIS"},
        {"ROCHE", "ROCHE"}, {"JOHNSON AND JOHNSON", "JNJFOC"}, {"TAKEDA", "TAKEDA"}, {"AMGEN", "AMGEN"},
        {"GLAXOSMITHKLINE", "GLAXOSMITHKLINE INC."}, {"MERCK", "MERCK"}, {"ABBVIE", "ABBVIE"}, {"TEVA", "TEVA"},
        {"SANOFI", "SA"}, {"ASTRAZENECA", "ASTRAZENECA"}, {"BRISTOL-MYERS SQUIBB", "BRISTOL-MYERS SQUIBB COMPANY"},
        {"ELI LILLY AND COMPANY", "ELI_LILLY_AND_COMPANY"}, {"MYLAN", "MYLANLABS"}, {"SANDOZ", "SANDOZ"},
        {"BOEHRINGER INGELHEIM", "BOEHRINGERINGELHEIM"}, {"GILEAD", "GILEAD"}, {"JAZZ", "JAZZ"},
        {"PURDUE PHARMA", "PURDUE"}, {"HIKMA", "HIKMA"}, {"NOVO NORDISK", "NOVOPROD"}};
    private static final String[] COUNTRIES = {"US", "CA", "GB", "JP", "FR", "DE", "BR", "IT", "ES", "AU", "CN",
        "IN", "NL", "SE", "KR", "MX", "CO", "AR", "PL", "BE"};
    private static final double[] COUNTRY_CUM = Rng.cumulative(new double[] {58, 7, 5, 5, 4, 4, 3, 3, 2, 2, 2, 2,
        1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5});
    private static final String[] AGENCIES = {"GB-MHRA-ADR ", "DE-BFARM-", "FR-ANSM-", "CA-HC-", "JP-PMDA-",
        "IT-MINISAL02-", "ES-AEMPS-", "SE-MPA-", "NL-LRB-", "AU-TGA-"};
    private static final String[] AUTHORS = {"Smith", "Nguyen", "Garcia", "Tanaka", "Muller", "Rossi", "Kowalski",
        "Dubois", "Silva", "Chen", "Okafor", "Larsen", "Patel", "Haddad", "Novak"};
    private static final String[] TITLE_WORDS = {"Severe", "Fatal", "Delayed", "Recurrent", "Atypical",
        "Drug-induced", "Unexpected", "Life-threatening"};
    private static final String[] JOURNALS = {"Clin Toxicol", "J Med Case Rep", "Am J Emerg Med", "BMJ Case Rep",
        "J Addict Med", "Drug Saf Case Rep", "Cureus", "Ann Pharmacother"};

    private void demographics(CaseContent c, SplittableRandom r) {
        boolean k = c.substances != 0;
        double u = r.nextDouble();
        c.reptCod = k ? (u < 0.55 ? "DIR" : u < 0.93 ? "EXP" : u < 0.98 ? "PER" : "30DAY")
                : (u < 0.66 ? "EXP" : u < 0.84 ? "PER" : u < 0.96 ? "DIR" : u < 0.98 ? "5DAY" : "30DAY");
        u = r.nextDouble();
        c.occpCod = k ? (u < 0.50 ? "CN" : u < 0.72 ? "MD" : u < 0.87 ? "HP" : u < 0.93 ? "PH" : u < 0.98 ? "OT" : "LW")
                : (u < 0.36 ? "CN" : u < 0.64 ? "MD" : u < 0.88 ? "HP" : u < 0.93 ? "PH" : u < 0.97 ? "LW" : "OT");
        if (k) {
            u = r.nextDouble();
            c.reporterCountry = u < 0.96 ? "US" : u < 0.98 ? "CA" : u < 0.99 ? "GB" : "AU";
        } else {
            c.reporterCountry = COUNTRIES[Rng.pick(r, COUNTRY_CUM)];
        }
        u = r.nextDouble();
        c.occrCountry = u < 0.80 ? c.reporterCountry : u < 0.95 ? "" : COUNTRIES[Rng.pick(r, COUNTRY_CUM)];
        u = r.nextDouble();
        c.sex = k ? (u < 0.62 ? "M" : u < 0.96 ? "F" : "") : (u < 0.57 ? "F" : u < 0.94 ? "M" : "");

        // age
        c.age = "";
        c.ageCod = "";
        c.ageGrp = "";
        double years = -1;
        if (r.nextDouble() < (k ? 0.85 : 0.78)) {
            u = r.nextDouble();
            if (k) {
                years = clamp(Math.round(36 + 11 * r.nextGaussian()), 16, 80);
                c.age = Long.toString((long) years);
                c.ageCod = "YR";
            } else if (u < 0.93) {
                years = clamp(Math.round(58 + 17 * r.nextGaussian()), 18, 99);
                c.age = Long.toString((long) years);
                c.ageCod = "YR";
            } else if (u < 0.98) {
                years = 2 + r.nextInt(16);
                c.age = Long.toString((long) years);
                c.ageCod = "YR";
            } else if (u < 0.99) {
                int months = 1 + r.nextInt(23);
                years = months / 12.0;
                c.age = Integer.toString(months);
                c.ageCod = "MON";
            } else if (u < 0.995) {
                int d = r.nextInt(31);
                years = d / 365.0;
                c.age = Integer.toString(d);
                c.ageCod = "DY";
            } else {
                int dec = 2 + r.nextInt(8);
                years = dec * 10 + 5;
                c.age = Integer.toString(dec);
                c.ageCod = "DEC";
            }
        }
        if (years >= 0 && r.nextDouble() < 0.15) {
            c.ageGrp = years < 28 / 365.0 ? "N" : years < 2 ? "I" : years < 12 ? "C" : years < 18 ? "T"
                    : years < 65 ? "A" : "E";
        }
        c.wt = "";
        c.wtCod = "";
        if (r.nextDouble() < 0.35 && (years < 0 || years >= 12)) {
            double kg = clamp(78 + 18 * r.nextGaussian(), 38, 200);
            if (r.nextDouble() < 0.1) {
                c.wt = Long.toString(Math.round(kg * 2.2046));
                c.wtCod = "LBS";
            } else if (r.nextDouble() < 0.5) {
                c.wt = Long.toString(Math.round(kg));
                c.wtCod = "KG";
            } else {
                long tenths = Math.round(kg * 10);
                c.wt = tenths / 10 + "." + tenths % 10;
                c.wtCod = "KG";
            }
        }

        // event date: before the initial report, sometimes partial or missing
        int eventDay = c.initialDay - (int) Math.min(3650, Rng.exponential(r, 45));
        int ymd = Dates.yyyymmdd(eventDay);
        u = r.nextDouble();
        c.eventDt = u < 0.70 ? ymd : u < 0.82 ? ymd / 100 : u < 0.87 ? ymd / 10000 : 0;

        // reporter, manufacturer, literature
        c.mfrLag = r.nextInt(15);
        c.reptLag = r.nextDouble() < 0.8 ? 0 : r.nextInt(4);
        c.toMfr = "";
        c.authNum = "";
        c.litRef = "";
        int year = Dates.yyyymmdd(c.initialDay) / 10000;
        if (c.reptCod.equals("DIR")) {
            c.mfrSndr = "FDA-CTU";
            c.mfrNum = "";
            c.mfrLag = -1;
            u = r.nextDouble();
            c.toMfr = u < 0.3 ? "N" : u < 0.35 ? "Y" : "";
        } else {
            String[] co = COMPANIES[Math.floorMod(c.drugs.get(0).product * 31 + 7, COMPANIES.length)];
            c.mfrSndr = co[0];
            c.mfrNum = c.reporterCountry + "-" + co[1] + "-" + year + (1_000_000 + r.nextInt(9_000_000));
            if (!c.reporterCountry.equals("US") && r.nextDouble() < 0.25) {
                c.authNum = AGENCIES[r.nextInt(AGENCIES.length)] + (10_000_000 + r.nextInt(90_000_000));
            }
            if (r.nextDouble() < 0.03) {
                String a1 = AUTHORS[r.nextInt(AUTHORS.length)];
                String a2 = AUTHORS[r.nextInt(AUTHORS.length)];
                String ev = cat.eventName[c.events[0]].toLowerCase(Locale.ROOT);
                c.litRef = a1 + " " + (char) ('A' + r.nextInt(26)) + ", " + a2 + " " + (char) ('A' + r.nextInt(26))
                        + ". " + TITLE_WORDS[r.nextInt(TITLE_WORDS.length)] + " " + ev + " after "
                        + cat.name[c.drugs.get(0).product].toLowerCase(Locale.ROOT) + ": a case report. "
                        + JOURNALS[r.nextInt(JOURNALS.length)] + ". " + year + ";" + (1 + r.nextInt(60)) + "("
                        + (1 + r.nextInt(12)) + "):" + (1 + r.nextInt(900)) + ".";
            }
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    // ------------------------------------------------------------------ identifiers

    private static final String[] FIRST = {"JANE", "JOHN", "MARIA", "AHMED", "LIWEI", "OLGA", "PEDRO", "AISHA",
        "KENJI", "FATIMA", "ERIK", "PRIYA", "TOMAS", "NADIA", "SAMUEL", "INGRID"};
    private static final String[] LAST = {"ROE", "DOE", "QUILLFEATHER", "BRANDVOLD", "OKONKWO", "HAVERSHAM",
        "LINDQVIST", "MARCHETTI", "SZABO", "WHITCOMBE", "ABERNATHY", "VASQUEZ-ORTIZ", "NAKAMURA", "OYELARAN",
        "KOWALCZYK", "DUBROVSKY"};
    private static final String[] AREA = {"202", "312", "415", "617", "713", "305", "206", "404"};

    private void plantIdentifiers(CaseContent c) {
        SplittableRandom r = Rng.of(seed, Rng.IDENTIFIERS, c.k, 0);
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String tag = String.format(Locale.ROOT, "%04d", r.nextInt(10_000));
        int eventYear = Dates.yyyymmdd(c.initialDay) / 10000;
        int dobYear = c.ageCod.equals("YR") ? eventYear - Integer.parseInt(c.age) : 1950 + r.nextInt(50);
        int month = 1 + r.nextInt(12);
        int day = 1 + r.nextInt(28);
        String dobIso = String.format(Locale.ROOT, "%04d-%02d-%02d", dobYear, month, day);
        String dobUs = String.format(Locale.ROOT, "%02d/%02d/%04d", month, day, dobYear);
        String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT).replace("-", "") + "."
                + tag + "@example.org";
        String phone = "(" + AREA[r.nextInt(AREA.length)] + ") 555-01" + String.format(Locale.ROOT, "%02d",
                r.nextInt(100));
        String mrn = "MRN" + (10_000_000 + r.nextInt(90_000_000));
        String initials = first.charAt(0) + "." + last.charAt(0) + ".";
        String upperName = first + " " + last;
        String titleName = title(first) + " " + title(last);

        c.litRef = title(last) + " " + first.charAt(0) + ". Withdrawal in a patient, " + titleName + " (DOB "
                + dobIso + "), contact " + email + ". Case Rep Synth. " + eventYear + ";1(1):1.";
        c.mfrNum = c.reporterCountry + "-CLINIC-" + mrn;
        c.authNum = "CALLBACK " + phone;
        c.mfrSndr = "DR " + upperName;
        DrugLine ps = c.drugs.get(0);
        for (DrugLine d : c.drugs) {
            if (d.role.equals("PS")) {
                ps = d;
            }
        }
        ps.drugname = ps.drugname + " GIVEN BY DR. " + upperName;
        ps.doseVbm = "1 DF QD PER PATIENT " + initials + " DOB " + dobUs + " TEL " + phone;
        ps.lotNum = email;
        long id = c.caseid;
        c.identifiers = List.of(
                new GroundTruth.PlantedIdentifier(titleName, "PERSON_NAME", FaersLayout.DEMO, "lit_ref", id),
                new GroundTruth.PlantedIdentifier(dobIso, "DATE_OF_BIRTH", FaersLayout.DEMO, "lit_ref", id),
                new GroundTruth.PlantedIdentifier(email, "EMAIL", FaersLayout.DEMO, "lit_ref", id),
                new GroundTruth.PlantedIdentifier(mrn, "MEDICAL_RECORD_NUMBER", FaersLayout.DEMO, "mfr_num", id),
                new GroundTruth.PlantedIdentifier(phone, "PHONE", FaersLayout.DEMO, "auth_num", id),
                new GroundTruth.PlantedIdentifier(upperName, "PERSON_NAME", FaersLayout.DEMO, "mfr_sndr", id),
                new GroundTruth.PlantedIdentifier(upperName, "PERSON_NAME", FaersLayout.DRUG, "drugname", id),
                new GroundTruth.PlantedIdentifier(initials, "INITIALS", FaersLayout.DRUG, "dose_vbm", id),
                new GroundTruth.PlantedIdentifier(dobUs, "DATE_OF_BIRTH", FaersLayout.DRUG, "dose_vbm", id),
                new GroundTruth.PlantedIdentifier(phone, "PHONE", FaersLayout.DRUG, "dose_vbm", id),
                new GroundTruth.PlantedIdentifier(email, "EMAIL", FaersLayout.DRUG, "lot_num", id));
    }

    private static String title(String upper) {
        StringBuilder b = new StringBuilder(upper.length());
        boolean start = true;
        for (char ch : upper.toCharArray()) {
            b.append(start ? ch : Character.toLowerCase(ch));
            start = !Character.isLetter(ch);
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ follow-ups

    /** Turns the content of version v-1 into version v (new dates; sometimes an event, drug or outcome more). */
    void followUp(CaseContent c, int v) {
        SplittableRandom r = Rng.of(seed, Rng.FOLLOW_UP, c.k, v);
        if (c.mfrLag >= 0) {
            c.mfrLag = r.nextInt(15);
        }
        c.reptLag = r.nextDouble() < 0.8 ? 0 : r.nextInt(4);
        double u = r.nextDouble();
        int change = u < 0.40 ? 0 : u < 0.60 ? 1 : u < 0.75 ? 2 : u < 0.90 ? 3 : 4;
        switch (change) {
            case 1 -> addCommonEvent(c, r);
            case 2 -> removeCommonEvent(c, r);
            case 3 -> addConcomitant(c, r);
            case 4 -> c.outcomes |= 1 << 2; // HO
            default -> {
                // new dates only
            }
        }
        if (c.age.isEmpty() && r.nextDouble() < 0.5) {
            c.age = Integer.toString(20 + r.nextInt(60));
            c.ageCod = "YR";
        }
    }

    private void addCommonEvent(CaseContent c, SplittableRandom r) {
        if (c.nEvents >= 10) {
            return;
        }
        int e = cat.commonAlias.sample(r);
        if (!c.hasEvent(e)) {
            if (c.nEvents == c.events.length) {
                c.events = Arrays.copyOf(c.events, c.events.length + 4);
            }
            c.events[c.nEvents++] = e;
        }
    }

    private void removeCommonEvent(CaseContent c, SplittableRandom r) {
        int common = 0;
        for (int i = 0; i < c.nEvents; i++) {
            common += c.events[i] < cat.commonCount ? 1 : 0;
        }
        if (c.nEvents < 2 || common == 0) {
            return;
        }
        int pick = r.nextInt(common);
        for (int i = 0; i < c.nEvents; i++) {
            if (c.events[i] < cat.commonCount && pick-- == 0) {
                System.arraycopy(c.events, i + 1, c.events, i, c.nEvents - i - 1);
                c.nEvents--;
                return;
            }
        }
    }

    /** Adds a concomitant drug of no class (so no tracked-event multiplier changes). */
    private void addConcomitant(CaseContent c, SplittableRandom r) {
        if (c.drugs.size() >= 10) {
            return;
        }
        for (int tries = 0; tries < 10; tries++) {
            int p = effectFreeTailStart + r.nextInt(cat.drugCount - effectFreeTailStart);
            if (cat.classMask[p] == 0 && !hasProduct(c, p)) {
                c.drugs.add(line(p, "C", r));
                return;
            }
        }
    }
}
