package org.kratomwatch.ingest.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link FaersGenerator} run wrote and planted: per-quarter counts that equal what the files hold, the planted
 * signals with the exact counts the files give them, the malformed rows by kind, and the planted identifiers.
 * Written next to the data as {@code ground-truth.json} ({@link #writeJson}).
 *
 * <p>Counting conventions. A <em>report</em> is a valid DEMO row (one version of a case). Row counts
 * ({@code drugRows} ...) are valid rows only; malformed rows are counted apart, so a file's data lines are the valid
 * rows plus {@code malformedByTable} of that table. <em>Analysable cases</em> are distinct case ids, latest version
 * written, cases listed in any DELETE file removed; signal and substance counts are over them, drugs in any role.
 *
 * @param options            the options of the run (the output folder is not part of the JSON)
 * @param quarters           per-quarter counts, in order
 * @param totals             the sums over all quarters, plus the analysable-case counts
 * @param signals            the planted signals with their observed counts
 * @param substanceEvents    per kratom-related substance, the analysable cases with each tracked event (shows the
 *                           associations co-reported drugs create as well as the planted ones)
 * @param plantedIdentifiers the fake personal identifiers written (empty unless identifierCases &gt; 0)
 */
public record GroundTruth(GeneratorOptions options, List<QuarterCounts> quarters, Totals totals,
        List<SignalTruth> signals, List<SubstanceEvents> substanceEvents, List<PlantedIdentifier> plantedIdentifiers) {

    public static final String FORMAT = "kratomwatch-synthetic-faers-ground-truth";
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "ground-truth.json";

    public GroundTruth {
        quarters = List.copyOf(quarters);
        signals = List.copyOf(signals);
        substanceEvents = List.copyOf(substanceEvents);
        plantedIdentifiers = List.copyOf(plantedIdentifiers);
    }

    /**
     * Counts of one quarter's files.
     *
     * @param quarter          the quarter
     * @param file             the zip or folder name, relative to the output folder
     * @param reports          valid DEMO rows
     * @param initialReports   of which initial versions (i_f_code I) = new cases of the quarter
     * @param followUpReports  of which follow-up versions (i_f_code F)
     * @param deletedCases     case ids in the quarter's DELETE file
     * @param kratomReports    valid DEMO rows whose report names a kratom (leaf) product
     * @param sevenOhReports   valid DEMO rows whose report names a 7-hydroxymitragynine product
     * @param drugRows         valid DRUG rows
     * @param reactionRows     valid REAC rows
     * @param outcomeRows      valid OUTC rows
     * @param malformedRows    malformed rows, all tables
     * @param malformedByKind  malformed rows by kind (every kind present, 0 when none)
     * @param malformedByTable malformed rows by table: DEMO, DRUG, REAC, OUTC
     * @param identifierReports valid DEMO rows of cases with planted identifiers
     */
    public record QuarterCounts(Quarter quarter, String file, long reports, long initialReports, long followUpReports,
            long deletedCases, long kratomReports, long sevenOhReports, long drugRows, long reactionRows,
            long outcomeRows, long malformedRows, Map<MalformedKind, Long> malformedByKind,
            Map<String, Long> malformedByTable, long identifierReports) {
        public QuarterCounts {
            malformedByKind = Map.copyOf(malformedByKind);
            malformedByTable = Map.copyOf(malformedByTable);
        }
    }

    /**
     * Sums over the quarters, and the analysable cases.
     *
     * @param cases            distinct case ids written (= initial reports)
     * @param analysableCases  distinct cases not deleted
     * @param kratomCases      analysable cases naming a kratom (leaf) product
     * @param sevenOhCases     analysable cases naming a 7-OH product
     * @param kratomRelatedCases analysable cases naming either
     */
    public record Totals(long reports, long initialReports, long followUpReports, long deletedCases,
            long kratomReports, long sevenOhReports, long drugRows, long reactionRows, long outcomeRows,
            long malformedRows, Map<MalformedKind, Long> malformedByKind, Map<String, Long> malformedByTable,
            long cases, long analysableCases, long kratomCases, long sevenOhCases, long kratomRelatedCases) {
        public Totals {
            malformedByKind = Map.copyOf(malformedByKind);
            malformedByTable = Map.copyOf(malformedByTable);
        }
    }

    /**
     * A planted signal and what the written files give it, over analysable cases (any role). Exposed = names the
     * substance (for an interaction: the substance and a drug of the class).
     *
     * @param cases                     analysable cases, N
     * @param exposedCases              exposed cases (a + b)
     * @param eventCases                cases with the event (a + c)
     * @param exposedWithEvent          a
     * @param exposedAfterOnset         exposed cases whose initial report is in or after the onset quarter
     * @param exposedWithEventAfterOnset of which with the event
     * @param expectedAfterOnset        sum over those cases of the model probability of the event (planted)
     * @param backgroundAfterOnset      the same sum with this signal's multiplier removed (everything else equal):
     *                                  expectedAfterOnset / backgroundAfterOnset is the realised strength (below
     *                                  {@code strength} only through the 0.9 cap)
     * @param varianceAfterOnset        sum of p(1-p) over those cases: exposedWithEventAfterOnset is
     *                                  expectedAfterOnset ± a few sqrt(variance)
     * @param exposedBeforeOnset        exposed cases before the onset quarter
     * @param exposedWithEventBeforeOnset of which with the event
     * @param interaction               for an interaction signal, the four exposure cells; else null
     */
    public record Observed(long cases, long exposedCases, long eventCases, long exposedWithEvent,
            long exposedAfterOnset, long exposedWithEventAfterOnset, double expectedAfterOnset,
            double backgroundAfterOnset, double varianceAfterOnset, long exposedBeforeOnset,
            long exposedWithEventBeforeOnset, InteractionCells interaction) {

        /** Crude proportional reporting ratio (a/(a+b)) / (c/(c+d)); NaN when undefined. */
        public double prr() {
            long c = eventCases - exposedWithEvent;
            long cd = cases - exposedCases;
            return (double) exposedWithEvent / exposedCases / ((double) c / cd);
        }

        /** Crude reporting odds ratio ad / bc; NaN or infinite when undefined. */
        public double ror() {
            long a = exposedWithEvent;
            long b = exposedCases - a;
            long c = eventCases - a;
            long d = cases - exposedCases - c;
            return (double) a * d / ((double) b * c);
        }
    }

    /**
     * Cases (and of them with the event) by exposure to the substance (S) and the interacting class (C).
     */
    public record InteractionCells(long both, long bothWithEvent, long substanceOnly, long substanceOnlyWithEvent,
            long classOnly, long classOnlyWithEvent, long neither, long neitherWithEvent) {
    }

    /** A planted signal, its type and what the files give it. */
    public record SignalTruth(PlantedSignal signal, Observed observed) {
        public String type() {
            return signal.isInteraction() ? "interaction" : "single";
        }
    }

    /** Analysable cases of a kratom-related substance with each tracked event. */
    public record SubstanceEvents(String substance, long exposedCases, List<EventCount> events) {
        public SubstanceEvents {
            events = List.copyOf(events);
        }
    }

    /**
     * @param event      tracked event (PT)
     * @param withSubstance analysable cases naming the substance and listing the event
     * @param allCases   analysable cases listing the event
     * @param planted    whether a planted signal of this substance targets the event
     */
    public record EventCount(String event, long withSubstance, long allCases, boolean planted) {
    }

    /**
     * A fake personal identifier written into a free-text field, in the exact spelling written (search the files for
     * {@code value}, case-sensitively).
     *
     * @param value  the identifier text
     * @param kind   PERSON_NAME, EMAIL, PHONE, DATE_OF_BIRTH, INITIALS or MEDICAL_RECORD_NUMBER
     * @param table  DEMO or DRUG
     * @param column the FAERS column
     * @param caseid the case whose every version carries it
     */
    public record PlantedIdentifier(String value, String kind, String table, String column, long caseid) {
    }

    /** The total malformed rows of a kind. */
    public long malformed(MalformedKind kind) {
        return totals.malformedByKind().getOrDefault(kind, 0L);
    }

    /** The planted signal with this {@link PlantedSignal#id()}, or null. */
    public SignalTruth signal(String id) {
        return signals.stream().filter(s -> s.signal().id().equals(id)).findFirst().orElse(null);
    }

    /** A few lines for a terminal: what was written and what was planted. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        Totals t = totals;
        b.append(String.format(Locale.ROOT, "Synthetic FAERS %s..%s: %,d cases, %,d reports (%,d follow-ups), "
                + "%,d deleted cases, %,d kratom and %,d 7-OH reports%n", options.firstQuarter(),
                options.lastQuarter(), t.cases(), t.reports(), t.followUpReports(), t.deletedCases(),
                t.kratomReports(), t.sevenOhReports()));
        b.append(String.format(Locale.ROOT, "Malformed rows: %,d", t.malformedRows()));
        for (MalformedKind k : MalformedKind.values()) {
            long n = t.malformedByKind().getOrDefault(k, 0L);
            if (n > 0) {
                b.append(String.format(Locale.ROOT, ", %s %,d", k, n));
            }
        }
        b.append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "Planted signals (%,d analysable cases, any role):%n", t.analysableCases()));
        for (SignalTruth st : signals) {
            PlantedSignal p = st.signal();
            Observed o = st.observed();
            b.append(String.format(Locale.ROOT, "  %s%s x %s: x%s from %s; after onset %,d of %,d exposed cases "
                    + "(expected %.1f, %.1f without it); crude PRR %.2f%n", p.substance(),
                    p.interactingWith() == null ? "" : " + " + p.interactingWith(), p.event(),
                    plain(p.strength()), p.onset(), o.exposedWithEventAfterOnset(), o.exposedAfterOnset(),
                    o.expectedAfterOnset(), o.backgroundAfterOnset(), o.prr()));
        }
        if (!plantedIdentifiers.isEmpty()) {
            b.append(String.format(Locale.ROOT, "Planted identifiers: %,d strings in %,d cases%n",
                    plantedIdentifiers.size(),
                    plantedIdentifiers.stream().mapToLong(PlantedIdentifier::caseid).distinct().count()));
        }
        return b.toString();
    }

    /** Shortest plain text of a strength (8, 2.5). */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Writes {@value #FILE_NAME} content to {@code path}. */
    public void writeJson(Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            writeJson(out);
        }
    }

    /** The JSON text. */
    public String toJson() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeJson(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes the JSON (UTF-8, pretty-printed, deterministic) to {@code out}, leaving it open. */
    public void writeJson(OutputStream out) throws IOException {
        JsonFactory factory = new JsonFactory();
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeBooleanField("synthetic", true);
            g.writeStringField("note", "Synthetic FAERS-format data made by the KratomWatch generator. Not real "
                    + "reports: never mix into a real analysis. Counts are of the files written; analysable cases are "
                    + "distinct case ids, latest version, DELETE-listed cases removed; drugs in any role.");
            writeOptions(g);
            g.writeArrayFieldStart("quarters");
            for (QuarterCounts q : quarters) {
                g.writeStartObject();
                g.writeStringField("quarter", q.quarter().toString());
                g.writeStringField("file", q.file());
                g.writeNumberField("reports", q.reports());
                g.writeNumberField("initialReports", q.initialReports());
                g.writeNumberField("followUpReports", q.followUpReports());
                g.writeNumberField("deletedCases", q.deletedCases());
                g.writeNumberField("kratomReports", q.kratomReports());
                g.writeNumberField("sevenOhReports", q.sevenOhReports());
                g.writeNumberField("drugRows", q.drugRows());
                g.writeNumberField("reactionRows", q.reactionRows());
                g.writeNumberField("outcomeRows", q.outcomeRows());
                g.writeNumberField("identifierReports", q.identifierReports());
                writeMalformed(g, q.malformedRows(), q.malformedByKind(), q.malformedByTable());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            Totals t = totals;
            g.writeNumberField("cases", t.cases());
            g.writeNumberField("analysableCases", t.analysableCases());
            g.writeNumberField("kratomCases", t.kratomCases());
            g.writeNumberField("sevenOhCases", t.sevenOhCases());
            g.writeNumberField("kratomRelatedCases", t.kratomRelatedCases());
            g.writeNumberField("reports", t.reports());
            g.writeNumberField("initialReports", t.initialReports());
            g.writeNumberField("followUpReports", t.followUpReports());
            g.writeNumberField("deletedCases", t.deletedCases());
            g.writeNumberField("kratomReports", t.kratomReports());
            g.writeNumberField("sevenOhReports", t.sevenOhReports());
            g.writeNumberField("drugRows", t.drugRows());
            g.writeNumberField("reactionRows", t.reactionRows());
            g.writeNumberField("outcomeRows", t.outcomeRows());
            writeMalformed(g, t.malformedRows(), t.malformedByKind(), t.malformedByTable());
            g.writeEndObject();
            g.writeArrayFieldStart("plantedSignals");
            for (SignalTruth s : signals) {
                PlantedSignal p = s.signal();
                Observed o = s.observed();
                g.writeStartObject();
                g.writeStringField("id", p.id());
                g.writeStringField("type", s.type());
                g.writeStringField("substance", p.substance());
                if (p.interactingWith() == null) {
                    g.writeNullField("interactingWith");
                } else {
                    g.writeStringField("interactingWith", p.interactingWith());
                }
                g.writeStringField("event", p.event());
                g.writeNumberField("strength", p.strength());
                g.writeStringField("onsetQuarter", p.onset().toString());
                g.writeObjectFieldStart("observed");
                g.writeNumberField("cases", o.cases());
                g.writeNumberField("exposedCases", o.exposedCases());
                g.writeNumberField("eventCases", o.eventCases());
                g.writeNumberField("exposedWithEvent", o.exposedWithEvent());
                number(g, "prr", o.prr());
                number(g, "ror", o.ror());
                g.writeObjectFieldStart("afterOnset");
                g.writeNumberField("exposedCases", o.exposedAfterOnset());
                g.writeNumberField("exposedWithEvent", o.exposedWithEventAfterOnset());
                number(g, "expectedWithEvent", o.expectedAfterOnset());
                number(g, "backgroundExpectedWithEvent", o.backgroundAfterOnset());
                number(g, "variance", o.varianceAfterOnset());
                g.writeEndObject();
                g.writeObjectFieldStart("beforeOnset");
                g.writeNumberField("exposedCases", o.exposedBeforeOnset());
                g.writeNumberField("exposedWithEvent", o.exposedWithEventBeforeOnset());
                g.writeEndObject();
                InteractionCells c = o.interaction();
                if (c != null) {
                    g.writeObjectFieldStart("interaction");
                    cell(g, "both", c.both(), c.bothWithEvent());
                    cell(g, "substanceOnly", c.substanceOnly(), c.substanceOnlyWithEvent());
                    cell(g, "classOnly", c.classOnly(), c.classOnlyWithEvent());
                    cell(g, "neither", c.neither(), c.neitherWithEvent());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("substanceEvents");
            for (SubstanceEvents se : substanceEvents) {
                g.writeStartObject();
                g.writeStringField("substance", se.substance());
                g.writeNumberField("exposedCases", se.exposedCases());
                g.writeArrayFieldStart("events");
                for (EventCount e : se.events()) {
                    g.writeStartObject();
                    g.writeStringField("event", e.event());
                    g.writeNumberField("withSubstance", e.withSubstance());
                    g.writeNumberField("allCases", e.allCases());
                    g.writeBooleanField("planted", e.planted());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("malformedKinds");
            for (MalformedKind k : MalformedKind.values()) {
                g.writeStartObject();
                g.writeStringField("kind", k.name());
                g.writeStringField("quarantineReason", k.quarantineReason().name());
                g.writeStringField("description", k.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("plantedIdentifiers");
            for (PlantedIdentifier p : plantedIdentifiers) {
                g.writeStartObject();
                g.writeStringField("value", p.value());
                g.writeStringField("kind", p.kind());
                g.writeStringField("table", p.table());
                g.writeStringField("column", p.column());
                g.writeNumberField("caseid", p.caseid());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void writeOptions(JsonGenerator g) throws IOException {
        GeneratorOptions o = options;
        g.writeObjectFieldStart("options");
        g.writeNumberField("reports", o.reports());
        g.writeStringField("firstQuarter", o.firstQuarter().toString());
        g.writeStringField("lastQuarter", o.lastQuarter().toString());
        g.writeNumberField("seed", o.seed());
        g.writeStringField("layout", o.layout().name());
        g.writeNumberField("followUpRate", o.followUpRate());
        g.writeNumberField("deletionRate", o.deletionRate());
        g.writeNumberField("malformedRate", o.malformedRate());
        g.writeArrayFieldStart("malformedKinds");
        for (MalformedKind k : MalformedKind.values()) {
            if (o.malformedKinds().contains(k)) {
                g.writeString(k.name());
            }
        }
        g.writeEndArray();
        g.writeNumberField("kratomShareFirst", o.kratomShareFirst());
        g.writeNumberField("kratomShareLast", o.kratomShareLast());
        g.writeStringField("sevenOhFrom", o.resolvedSevenOhFrom().toString());
        g.writeNumberField("sevenOhShare", o.sevenOhShare());
        g.writeNumberField("identifierCases", o.identifierCases());
        g.writeNumberField("drugCatalogSize", o.drugCatalogSize());
        g.writeNumberField("eventCatalogSize", o.eventCatalogSize());
        g.writeNumberField("volumeGrowth", o.volumeGrowth());
        g.writeEndObject();
    }

    private static void writeMalformed(JsonGenerator g, long total, Map<MalformedKind, Long> byKind,
            Map<String, Long> byTable) throws IOException {
        g.writeNumberField("malformedRows", total);
        g.writeObjectFieldStart("malformedByKind");
        for (MalformedKind k : MalformedKind.values()) {
            g.writeNumberField(k.name(), byKind.getOrDefault(k, 0L));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("malformedByTable");
        for (String table : FaersLayout.TABLES) {
            g.writeNumberField(table, byTable.getOrDefault(table, 0L));
        }
        g.writeEndObject();
    }

    private static void cell(JsonGenerator g, String name, long cases, long withEvent) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("cases", cases);
        g.writeNumberField("withEvent", withEvent);
        g.writeEndObject();
    }

    /** Finite numbers as numbers (rounded to 6 decimals), others (NaN, infinity) as null. */
    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, Math.round(v * 1e6) / 1e6);
        } else {
            g.writeNullField(name);
        }
    }
}
