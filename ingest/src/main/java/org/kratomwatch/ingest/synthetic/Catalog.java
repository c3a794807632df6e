package org.kratomwatch.ingest.synthetic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic world: drugs (named ones from drugs.tsv, then a generated tail), kratom-related products
 * (kratom-products.tsv), events (common ones drawn Zipf-like, tracked ones drawn by explicit probability), class
 * multipliers (effects.tsv) and each drug's "label" events. Built once per run from the seed; immutable after.
 */
final class Catalog {

    static final int NONE = 0;
    static final int KRATOM = 1;
    static final int SEVEN_OH = 2;

    /** Probabilities of tracked events are capped here. */
    static final double CAP = 0.9;
    /** Base rate of a planted-signal event that is in no resource list. */
    static final double DEFAULT_TRACKED_BASE = 0.001;

    // ---- products: 0..drugCount-1 catalog drugs (Zipf), then kratom-related products
    final int drugCount;
    final int namedDrugCount;
    final String[] name;
    final String[] prodAi;
    final int[] classMask;
    final String[] route;
    final String[] doseForm;
    final String[] doseAmt;
    final String[] doseUnit;
    final String[] doseFreq;
    final String[] ndaNum;
    /** dose_vbm of a dosed row, e.g. {@code 40 mg, QOW}; empty when the drug has no dose. */
    final String[] dosedVbm;
    final int[] substance;
    final int[][] labelEvents;
    final double[][] labelCumulative;
    final double[] labelPropensity;
    final AliasTable drugAlias;
    final Map<String, Integer> productByName = new HashMap<>();

    final int[] kratomProducts;
    final double[] kratomCumulative;
    final int[] sevenOhProducts;
    final double[] sevenOhCumulative;

    // ---- classes
    final List<String> classes;

    // ---- events: 0..commonCount-1 common (Zipf), then tracked
    final int commonCount;
    final String[] eventName;
    final double[] trackedBase;
    /** multiplier[classIndex][trackedIndex] (1 when none). */
    final double[][] multiplier;
    final AliasTable commonAlias;
    final Map<String, Integer> eventByName = new HashMap<>();

    // ---- pools of co-reported drugs for kratom cases
    final Map<String, int[]> pools = new LinkedHashMap<>();
    final Map<String, double[]> poolCumulative = new LinkedHashMap<>();

    Catalog(long seed, int drugCatalogSize, int eventCatalogSize, List<String> extraTrackedEvents) {
        SplittableRandom rnd = Rng.of(seed, Rng.CATALOG, 0, 0);

        // ---------- events
        List<String[]> eventRows = readTsv("events.tsv", 2);
        List<String> common = new ArrayList<>();
        List<String> tracked = new ArrayList<>();
        List<Double> trackedBases = new ArrayList<>();
        for (String[] r : eventRows) {
            if (r[1].isEmpty()) {
                common.add(r[0]);
            } else {
                tracked.add(r[0]);
                trackedBases.add(Double.parseDouble(r[1]));
            }
        }
        int namedCommon = common.size();
        int width = Math.max(4, Integer.toString(eventCatalogSize).length());
        for (int i = 1; common.size() < eventCatalogSize; i++) {
            common.add("Synthetic event " + pad(i, width));
        }
        while (common.size() > eventCatalogSize) {
            common.remove(common.size() - 1);
        }
        // planted-signal events that are no tracked event become tracked (removed from the Zipf draw)
        for (String e : extraTrackedEvents) {
            if (tracked.contains(e)) {
                continue;
            }
            int r = common.indexOf(e);
            double base = DEFAULT_TRACKED_BASE;
            if (r >= 0) {
                base = Math.min(0.05, 3.0 * (1.0 / (r + 1 + 5)) / harmonic(common.size(), 5));
                common.remove(r);
            }
            tracked.add(e);
            trackedBases.add(base);
        }
        commonCount = common.size();
        eventName = new String[commonCount + tracked.size()];
        for (int i = 0; i < commonCount; i++) {
            eventName[i] = common.get(i);
        }
        trackedBase = new double[tracked.size()];
        for (int t = 0; t < tracked.size(); t++) {
            eventName[commonCount + t] = tracked.get(t);
            trackedBase[t] = trackedBases.get(t);
        }
        for (int i = 0; i < eventName.length; i++) {
            if (eventByName.put(eventName[i], i) != null) {
                throw new IllegalStateException("duplicate event " + eventName[i]);
            }
        }
        double[] w = new double[commonCount];
        for (int r = 0; r < commonCount; r++) {
            w[r] = 1.0 / (r + 1 + 5);
        }
        commonAlias = new AliasTable(w);
        double[] lw = new double[commonCount];
        for (int r = 0; r < commonCount; r++) {
            lw[r] = 1.0 / (r + 1 + 30);
        }
        AliasTable labelAlias = new AliasTable(lw);

        // ---------- drugs
        List<String[]> drugRows = readTsv("drugs.tsv", 8);
        List<String[]> kratomRows = readTsv("kratom-products.tsv", 5);
        List<String[]> effectRows = readTsv("effects.tsv", 3);
        List<String> cls = new ArrayList<>();
        for (String[] r : drugRows) {
            for (String c : splitClasses(r[2])) {
                if (!cls.contains(c)) {
                    cls.add(c);
                }
            }
        }
        for (String[] r : effectRows) {
            if (!cls.contains(r[0])) {
                cls.add(r[0]);
            }
        }
        if (!cls.contains("hepatotoxic")) {
            cls.add("hepatotoxic");
        }
        if (cls.size() > 31) {
            throw new IllegalStateException("more than 31 drug classes");
        }
        classes = List.copyOf(cls);
        multiplier = new double[classes.size()][trackedBase.length];
        for (double[] m : multiplier) {
            Arrays.fill(m, 1.0);
        }
        for (String[] r : effectRows) {
            Integer e = eventByName.get(r[1]);
            if (e == null || e < commonCount) {
                throw new IllegalStateException("effects.tsv: " + r[1] + " is not a tracked event of events.tsv");
            }
            multiplier[classes.indexOf(r[0])][e - commonCount] = Double.parseDouble(r[2]);
        }

        namedDrugCount = drugRows.size();
        if (drugCatalogSize < namedDrugCount) {
            throw new IllegalArgumentException("drugCatalogSize must be at least " + namedDrugCount);
        }
        drugCount = drugCatalogSize;
        int total = drugCount + kratomRows.size();
        name = new String[total];
        prodAi = new String[total];
        classMask = new int[total];
        route = new String[total];
        doseForm = new String[total];
        doseAmt = new String[total];
        doseUnit = new String[total];
        doseFreq = new String[total];
        ndaNum = new String[total];
        dosedVbm = new String[total];
        substance = new int[total];
        labelEvents = new int[total][];
        labelCumulative = new double[total][];
        labelPropensity = new double[total];
        int hepatotoxic = 1 << classes.indexOf("hepatotoxic");
        int dwidth = Math.max(4, Integer.toString(drugCatalogSize).length());
        String[] tailRoutes = {"Oral", "Oral", "Oral", "Subcutaneous", "Intravenous (not otherwise specified)",
            "Topical", "Unknown", "Intramuscular", "Transdermal"};
        String[] tailForms = {"Tablet", "Film-coated tablet", "Capsule", "Injection, Solution", "Solution for infusion",
            "Cream", "Oral solution", ""};
        String[] tailUnits = {"MG", "MG", "MG", "UG", "ML", "MG/KG"};
        String[] tailFreqs = {"QD", "BID", "TID", "/WK", "QD", "PRN", ""};
        for (int i = 0; i < drugCount; i++) {
            if (i < namedDrugCount) {
                String[] r = drugRows.get(i);
                name[i] = r[0];
                prodAi[i] = r[1];
                for (String c : splitClasses(r[2])) {
                    classMask[i] |= 1 << classes.indexOf(c);
                }
                route[i] = r[3];
                doseForm[i] = r[4];
                doseAmt[i] = r[5];
                doseUnit[i] = r[6];
                doseFreq[i] = r[7];
            } else {
                String n = pad(i - namedDrugCount + 1, dwidth);
                name[i] = "DRUGNAME-" + n;
                prodAi[i] = "INGREDIENT-" + n;
                classMask[i] = rnd.nextDouble() < 0.04 ? hepatotoxic : 0;
                route[i] = tailRoutes[rnd.nextInt(tailRoutes.length)];
                doseForm[i] = tailForms[rnd.nextInt(tailForms.length)];
                doseAmt[i] = Integer.toString(5 * (1 + rnd.nextInt(100)));
                doseUnit[i] = tailUnits[rnd.nextInt(tailUnits.length)];
                doseFreq[i] = tailFreqs[rnd.nextInt(tailFreqs.length)];
            }
            ndaNum[i] = rnd.nextDouble() < 0.3 ? "" : Integer.toString(10_000 + rnd.nextInt(200_000));
            int nl = 2 + rnd.nextInt(7);
            int[] le = new int[nl];
            double[] lwts = new double[nl];
            for (int j = 0; j < nl; j++) {
                le[j] = labelAlias.sample(rnd);
                lwts[j] = 1 + rnd.nextInt(5);
            }
            labelEvents[i] = le;
            labelCumulative[i] = Rng.cumulative(lwts);
            double u = rnd.nextDouble();
            labelPropensity[i] = 0.05 + 0.45 * u * u;
        }
        double[] dw = new double[drugCount];
        for (int r = 0; r < drugCount; r++) {
            dw[r] = 1.0 / (r + 1 + 10);
        }
        drugAlias = new AliasTable(dw);

        List<Integer> kp = new ArrayList<>();
        List<Double> kw = new ArrayList<>();
        List<Integer> sp = new ArrayList<>();
        List<Double> sw = new ArrayList<>();
        for (int j = 0; j < kratomRows.size(); j++) {
            String[] r = kratomRows.get(j);
            int i = drugCount + j;
            name[i] = r[1];
            prodAi[i] = "";
            route[i] = "Oral";
            doseForm[i] = "";
            doseAmt[i] = "";
            doseUnit[i] = "";
            doseFreq[i] = "";
            ndaNum[i] = "";
            labelEvents[i] = new int[0];
            labelCumulative[i] = new double[0];
            labelPropensity[i] = 0;
            double weight = Double.parseDouble(r[2]);
            switch (r[0]) {
                case PlantedSignal.KRATOM -> {
                    substance[i] = KRATOM;
                    kp.add(i);
                    kw.add(weight);
                }
                case PlantedSignal.SEVEN_OH -> {
                    substance[i] = SEVEN_OH;
                    sp.add(i);
                    sw.add(weight);
                }
                default -> throw new IllegalStateException("kratom-products.tsv: unknown substance " + r[0]);
            }
        }
        for (int i = 0; i < total; i++) {
            dosedVbm[i] = doseAmt[i].isEmpty() ? ""
                    : doseAmt[i] + " " + doseUnit[i].toLowerCase(Locale.ROOT)
                            + (doseFreq[i].isEmpty() ? "" : ", " + doseFreq[i]);
        }
        kratomProducts = kp.stream().mapToInt(Integer::intValue).toArray();
        kratomCumulative = Rng.cumulative(kw.stream().mapToDouble(Double::doubleValue).toArray());
        sevenOhProducts = sp.stream().mapToInt(Integer::intValue).toArray();
        sevenOhCumulative = Rng.cumulative(sw.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < total; i++) {
            if (productByName.put(name[i], i) != null) {
                throw new IllegalStateException("duplicate drug name " + name[i]);
            }
        }

        pool("opioid", "FENTANYL", 5, "HEROIN", 3, "OXYCODONE", 2, "BUPRENORPHINE", 1.5, "SUBOXONE", 1, "METHADONE", 1,
                "TRAMADOL", 1, "HYDROCODONE", 1, "MORPHINE", 0.5, "OXYCONTIN", 0.5, "LOPERAMIDE", 0.5);
        pool("benzodiazepine", "ALPRAZOLAM", 3, "XANAX", 2, "CLONAZEPAM", 2, "LORAZEPAM", 1, "DIAZEPAM", 1,
                "ETIZOLAM", 1);
        pool("stimulant", "METHAMPHETAMINE", 3, "COCAINE", 2, "ADDERALL", 1);
        pool("alcohol", "ALCOHOL", 1);
        pool("cannabis", "MARIJUANA", 3, "CANNABIDIOL", 1);
        pool("antidepressant", "SERTRALINE", 1, "ESCITALOPRAM", 1, "FLUOXETINE", 1, "BUPROPION", 1, "MIRTAZAPINE", 1);
        pool("supplement", "PHENIBUT", 2, "KAVA", 1, "ASHWAGANDHA", 1, "CANNABIDIOL", 1);
    }

    private void pool(String key, Object... nameWeight) {
        int n = nameWeight.length / 2;
        int[] ids = new int[n];
        double[] wts = new double[n];
        for (int i = 0; i < n; i++) {
            Integer id = productByName.get((String) nameWeight[2 * i]);
            if (id == null) {
                throw new IllegalStateException("drugs.tsv lacks " + nameWeight[2 * i]);
            }
            ids[i] = id;
            wts[i] = ((Number) nameWeight[2 * i + 1]).doubleValue();
        }
        pools.put(key, ids);
        poolCumulative.put(key, Rng.cumulative(wts));
    }

    int trackedCount() {
        return trackedBase.length;
    }

    /** The tracked index of an event, or -1. */
    int trackedIndex(String event) {
        Integer e = eventByName.get(event);
        return e == null || e < commonCount ? -1 : e - commonCount;
    }

    /** The class bit of a class name, or 0 when the catalog has no such class. */
    int classBit(String cls) {
        int i = classes.indexOf(cls.toLowerCase(Locale.ROOT));
        return i < 0 ? 0 : 1 << i;
    }

    /**
     * The background probability (no planted signal) that a report with drugs of these classes lists tracked event
     * {@code t}, before the cap.
     */
    double backgroundRate(int t, int mask) {
        double p = trackedBase[t];
        for (int m = mask; m != 0; m &= m - 1) {
            p *= multiplier[Integer.numberOfTrailingZeros(m)][t];
        }
        return p;
    }

    private static double harmonic(int n, int offset) {
        double h = 0;
        for (int r = 1; r <= n; r++) {
            h += 1.0 / (r + offset);
        }
        return h;
    }

    private static String pad(int i, int width) {
        String s = Integer.toString(i);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static List<String> splitClasses(String s) {
        List<String> out = new ArrayList<>();
        for (String c : s.split(",")) {
            if (!c.isBlank()) {
                out.add(c.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Reads a resource TSV: skips # comments and the header line; checks the column count. */
    static List<String[]> readTsv(String resource, int columns) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != columns) {
                    throw new IllegalStateException(
                            resource + ":" + no + ": expected " + columns + " columns, found " + f.length);
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
