package org.kratomwatch.app.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.kratomwatch.stats.count.ReportPairCounter;

/**
 * A small synthetic spontaneous-report database with planted kratom signals, for the demo.
 *
 * <p>Drugs and events follow Zipf-like popularity (a few very common, a long tail); each report
 * has 1–4 drugs and 1–5 events. Like real data, drugs have their own known adverse effects: each
 * drug has a few "label" events that its reports carry more often, which makes the true
 * reporting ratios of pairs vary (the heterogeneity the MGPS prior models). A share of reports carry
 * kratom; for each planted event the chance of that event is raised by its strength on kratom
 * reports only. Seeded: the same seed gives the same data.
 */
public final class SyntheticPairs {

    /** A planted kratom signal: the event and how many times more often it is reported with kratom. */
    public record Planted(String event, double strength) {
    }

    /** The planted signals of the demo. */
    public static final List<Planted> PLANTED = List.of(
            new Planted("DRUG WITHDRAWAL SYNDROME", 12.0),
            new Planted("DRUG DEPENDENCE", 8.0),
            new Planted("SEIZURE", 4.0),
            new Planted("HEPATOTOXICITY", 6.0));

    private static final String[] DRUGS = {"ACETAMINOPHEN", "IBUPROFEN", "OXYCODONE", "SERTRALINE", "METFORMIN",
        "LISINOPRIL", "ATORVASTATIN", "AMLODIPINE", "OMEPRAZOLE", "GABAPENTIN", "ALPRAZOLAM", "BUPRENORPHINE",
        "FENTANYL", "TRAMADOL", "LEVOTHYROXINE", "PREDNISONE", "ASPIRIN", "WARFARIN", "QUETIAPINE", "DULOXETINE"};

    private static final String[] EVENTS = {"NAUSEA", "HEADACHE", "FATIGUE", "DIZZINESS", "VOMITING", "RASH",
        "DIARRHOEA", "PAIN", "ANXIETY", "INSOMNIA", "DRUG INEFFECTIVE", "SEIZURE", "HEPATOTOXICITY",
        "DRUG WITHDRAWAL SYNDROME", "DRUG DEPENDENCE", "OVERDOSE", "DEATH", "TACHYCARDIA", "CONSTIPATION",
        "SOMNOLENCE", "PRURITUS", "DYSPNOEA", "ARTHRALGIA", "MALAISE", "CONFUSIONAL STATE"};

    private SyntheticPairs() {
    }

    /**
     * Generates {@code reports} reports into a counter.
     *
     * @param kratomShare share of reports that mention kratom (e.g. 0.01)
     */
    public static ReportPairCounter generate(int reports, double kratomShare, long seed) {
        Random rng = new Random(seed);
        List<String> drugs = new ArrayList<>(List.of(DRUGS));
        for (int i = 0; i < 180; i++) {
            drugs.add(String.format("DRUG-%03d", i));
        }
        List<String> events = new ArrayList<>(List.of(EVENTS));
        for (int i = 0; i < 275; i++) {
            events.add(String.format("EVENT-%03d", i));
        }
        int[][] labelEvents = new int[drugs.size()][];
        for (int d = 0; d < drugs.size(); d++) {
            labelEvents[d] = new int[] {25 + rng.nextInt(events.size() - 25), 25 + rng.nextInt(events.size() - 25),
                25 + rng.nextInt(events.size() - 25)};
        }
        ReportPairCounter counter = new ReportPairCounter();
        for (int r = 0; r < reports; r++) {
            Set<String> ds = new LinkedHashSet<>();
            int nd = 1 + rng.nextInt(4);
            boolean kratom = rng.nextDouble() < kratomShare;
            if (kratom) {
                ds.add("KRATOM");
            }
            while (ds.size() < nd) {
                ds.add(drugs.get(zipf(rng, drugs.size())));
            }
            Set<String> es = new LinkedHashSet<>();
            int ne = 1 + rng.nextInt(5);
            if (kratom) {
                for (Planted p : PLANTED) {
                    // baseline chance of this event on a report ~ its Zipf weight; planted: strength times it
                    double base = baseRate(events.indexOf(p.event()), events.size(), ne);
                    if (rng.nextDouble() < Math.min(0.9, base * p.strength())) {
                        es.add(p.event());
                    }
                }
            }
            for (String d : ds) {
                int di = drugs.indexOf(d);
                if (di >= 0 && rng.nextDouble() < 0.25) {
                    es.add(events.get(labelEvents[di][rng.nextInt(3)]));
                }
            }
            while (es.size() < ne) {
                es.add(events.get(zipf(rng, events.size())));
            }
            String id = "R" + r;
            for (String d : ds) {
                for (String e : es) {
                    counter.add(id, d, e);
                }
            }
        }
        return counter;
    }

    private static int zipf(Random rng, int n) {
        // inverse-CDF of a continuous 1/x law on [1, n+1): index 0 is the most common
        return Math.min(n - 1, (int) Math.floor(Math.exp(rng.nextDouble() * Math.log(n + 1.0))) - 1);
    }

    /** Approximate chance that a report with {@code ne} events has the event at {@code index}. */
    private static double baseRate(int index, int n, int ne) {
        double p = Math.log((index + 2.0) / (index + 1.0)) / Math.log(n + 1.0);
        return Math.min(1.0, ne * p);
    }
}
