package org.kratomwatch.app.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kratomwatch.ingest.synthetic.GroundTruth;
import org.kratomwatch.ingest.synthetic.PlantedSignal;
import org.kratomwatch.stats.signal.IncreasedReporting;
import org.kratomwatch.stats.signal.SignalRule;

/**
 * Where the planted signals were found: for each, the quarter each rule first detected it and how
 * many quarters after its onset (negative when a rule fired before the onset, from confounding or
 * chance). Printed at the end of the demo and written as {@code planted.json}.
 *
 * <p>Single-substance signals are judged by the disproportionality rules of their pair; an
 * interaction signal by Ω ({@value SignalFeed#OMEGA_RULE}) of its triple, since the pair alone
 * mixes the interaction with everything else.
 */
final class PlantedSummary {

    /** The pair rules, in the order the engine reports them. */
    static final List<String> PAIR_RULES = List.of(SignalRule.Evans.NAME, SignalRule.RorLowerLimit.NAME,
            SignalRule.IcLowerLimit.NAME, SignalRule.EbLowerLimit.NAME, IncreasedReporting.NAME);

    private final GroundTruth truth;
    private final SignalFeed feed;

    PlantedSummary(GroundTruth truth, SignalFeed feed) {
        this.truth = truth;
        this.feed = feed;
    }

    /** Rule name to the first quarter it detected the planted signal, or null, in reporting order. */
    Map<String, String> detections(PlantedSignal p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (p.isInteraction()) {
            out.put(SignalFeed.OMEGA_RULE, feed.omegaFirstDetected(p.substance(), p.interactingWith(), p.event()));
            return out;
        }
        Map<String, String> first = feed.firstFired(p.substance(), p.event());
        for (String rule : PAIR_RULES) {
            out.put(rule, first.get(rule));
        }
        return out;
    }

    /** Prints the table; returns how many planted signals at least one rule found. */
    int print(PrintWriter o) {
        o.printf("%nPlanted signals: the quarter each rule first detected them (quarters after onset)%n");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-52s %-7s", "planted signal", "onset"));
        for (String rule : PAIR_RULES) {
            header.append(' ').append(String.format(Locale.ROOT, "%-" + CELL + "s", rule));
        }
        o.println(header.toString().stripTrailing());
        int found = 0;
        for (GroundTruth.SignalTruth st : truth.signals()) {
            PlantedSignal p = st.signal();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-52s %-7s", label(p), p.onset()));
            boolean any = false;
            for (Map.Entry<String, String> e : detections(p).entrySet()) {
                String cell = e.getValue() == null ? "-"
                        : e.getValue() + " (" + signed(quartersBetween(p.onset().toString(), e.getValue())) + ")";
                line.append(' ').append(String.format(Locale.ROOT, "%-" + CELL + "s",
                        p.isInteraction() ? e.getKey() + ": " + (e.getValue() == null ? "not found" : cell) : cell));
                any |= e.getValue() != null;
            }
            found += any ? 1 : 0;
            o.println(line.toString().stripTrailing());
        }
        o.printf("  Found %d of %d planted signals.%n", found, truth.signals().size());
        return found;
    }

    /** Width of a rule's column in the printed table. */
    private static final int CELL = 12;

    static String label(PlantedSignal p) {
        return p.substance() + (p.interactingWith() == null ? "" : " + " + p.interactingWith()) + " x " + p.event()
                + String.format(Locale.ROOT, " x%.0f", p.strength());
    }

    private static String signed(int n) {
        return n >= 0 ? "+" + n : Integer.toString(n);
    }

    /** Quarters from one {@code YYYYQn} to another. */
    static int quartersBetween(String from, String to) {
        int f = Integer.parseInt(from.substring(0, 4)) * 4 + from.charAt(5) - '1';
        int t = Integer.parseInt(to.substring(0, 4)) * 4 + to.charAt(5) - '1';
        return t - f;
    }

    /**
     * Writes {@code planted.json}: for each planted signal its substance, interacting class (for
     * an interaction), event, strength, onset quarter, and per rule the first quarter it detected
     * the signal (null: never) and how many quarters after onset that was.
     */
    void writeJson(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (GroundTruth.SignalTruth st : truth.signals()) {
                PlantedSignal p = st.signal();
                Map<String, String> d = detections(p);
                g.writeStartObject();
                g.writeStringField("substance", p.substance());
                if (p.isInteraction()) {
                    g.writeStringField("interactingWith", p.interactingWith());
                }
                g.writeStringField("event", p.event());
                g.writeNumberField("strength", p.strength());
                g.writeStringField("onsetQuarter", p.onset().toString());
                g.writeObjectFieldStart("firstDetected");
                for (Map.Entry<String, String> e : d.entrySet()) {
                    if (e.getValue() == null) {
                        g.writeNullField(e.getKey());
                    } else {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                }
                g.writeEndObject();
                g.writeObjectFieldStart("quartersAfterOnset");
                for (Map.Entry<String, String> e : d.entrySet()) {
                    if (e.getValue() == null) {
                        g.writeNullField(e.getKey());
                    } else {
                        g.writeNumberField(e.getKey(), quartersBetween(p.onset().toString(), e.getValue()));
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
