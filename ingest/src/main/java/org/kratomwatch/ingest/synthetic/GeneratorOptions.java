package org.kratomwatch.ingest.synthetic;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link FaersGenerator} writes. Build with {@link #builder(Path)}; every option has a default.
 *
 * @param outDir            the folder the quarterly files and {@code ground-truth.json} are written to (created)
 * @param reports           the number of cases (each has an initial report; follow-up versions come on top), 1 to
 *                          {@value #MAX_REPORTS}; default 10 000
 * @param firstQuarter      the first quarter written; default 2021Q1
 * @param lastQuarter       the last quarter written; default 2024Q4
 * @param seed              the random seed: the same options give byte-identical files; default 1
 * @param layout            one zip per quarter (default, as FDA publishes) or one folder per quarter
 * @param zipLevel          deflate level 0-9 of the zips; default 1 (fast; FDA's own zips use a higher level)
 * @param followUpRate      share of cases that get at least one follow-up version; default 0.20 (of those, 35%
 *                          get a third version and 25% of these a fourth)
 * @param deletionRate      share of cases later listed in a DELETE file; default 0.01
 * @param malformedRate     probability, per valid report version written, of one extra malformed row; default
 *                          0.001
 * @param malformedKinds    the kinds of malformed row to plant, drawn uniformly; default all
 * @param kratomShareFirst  share of new cases that are kratom-related in the first quarter; default 0.005
 * @param kratomShareLast   the same in the last quarter (linear in between); default 0.02
 * @param sevenOhFrom       first quarter with 7-hydroxymitragynine products; null: 2023Q1 when in the range, else
 *                          the middle of the range
 * @param sevenOhShare      share of kratom-related cases that are 7-OH products in the last quarter (rising
 *                          linearly from the first 7-OH quarter); default 0.25
 * @param signals           the planted signals; null: {@link PlantedSignal#defaults}
 * @param identifierCases   number of cases that get fake personal identifiers in every free-text field (for
 *                          privacy tests); default 0
 * @param drugCatalogSize   distinct drugs (named drugs, then DRUGNAME-nnnn); default 5000
 * @param eventCatalogSize  distinct common events (named PTs, then "Synthetic event nnnn"), tracked events
 *                          excluded; default 3000
 * @param volumeGrowth      new cases in the last quarter relative to the first, minus 1; default 0.5
 */
public record GeneratorOptions(Path outDir, long reports, Quarter firstQuarter, Quarter lastQuarter, long seed,
        Layout layout, int zipLevel, double followUpRate, double deletionRate, double malformedRate,
        Set<MalformedKind> malformedKinds, double kratomShareFirst, double kratomShareLast, Quarter sevenOhFrom,
        double sevenOhShare, List<PlantedSignal> signals, int identifierCases, int drugCatalogSize,
        int eventCatalogSize, double volumeGrowth) {

    /** Case ids are 8 digits, as FAERS's are; this bounds the number of cases. */
    public static final long MAX_REPORTS = 39_000_000L;
    public static final int MAX_IDENTIFIER_CASES = 100_000;

    /** How each quarter is written. */
    public enum Layout {
        /** {@code faers_ascii_2024Q4.zip} holding {@code ASCII/DEMO24Q4.txt ...} and {@code Deleted/DELETE24Q4.txt}. */
        ZIP,
        /** A folder {@code faers_ascii_2024Q4/} with the same {@code ASCII/} and {@code Deleted/} contents. */
        DIRECTORY
    }

    public GeneratorOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(firstQuarter, "firstQuarter");
        Objects.requireNonNull(lastQuarter, "lastQuarter");
        Objects.requireNonNull(layout, "layout");
        if (reports < 1 || reports > MAX_REPORTS) {
            throw new IllegalArgumentException("reports must be 1 to " + MAX_REPORTS + ": " + reports);
        }
        if (lastQuarter.compareTo(firstQuarter) < 0) {
            throw new IllegalArgumentException("lastQuarter " + lastQuarter + " is before firstQuarter " + firstQuarter);
        }
        if (zipLevel < 0 || zipLevel > 9) {
            throw new IllegalArgumentException("zipLevel must be 0 to 9: " + zipLevel);
        }
        rate("followUpRate", followUpRate);
        rate("deletionRate", deletionRate);
        rate("malformedRate", malformedRate);
        rate("kratomShareFirst", kratomShareFirst);
        rate("kratomShareLast", kratomShareLast);
        rate("sevenOhShare", sevenOhShare);
        malformedKinds = malformedKinds == null || malformedKinds.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(malformedKinds));
        if (malformedRate > 0 && malformedKinds.isEmpty()) {
            throw new IllegalArgumentException("malformedRate > 0 needs at least one malformed kind");
        }
        signals = signals == null ? null : List.copyOf(signals);
        if (identifierCases < 0 || identifierCases > Math.min(MAX_IDENTIFIER_CASES, reports)) {
            throw new IllegalArgumentException(
                    "identifierCases must be 0 to min(reports, " + MAX_IDENTIFIER_CASES + "): " + identifierCases);
        }
        if (drugCatalogSize < 200 || drugCatalogSize > 1_000_000) {
            throw new IllegalArgumentException("drugCatalogSize must be 200 to 1000000: " + drugCatalogSize);
        }
        if (eventCatalogSize < 250 || eventCatalogSize > 1_000_000) {
            throw new IllegalArgumentException("eventCatalogSize must be 250 to 1000000: " + eventCatalogSize);
        }
        if (!(volumeGrowth > -1) || volumeGrowth > 100) {
            throw new IllegalArgumentException("volumeGrowth must be > -1 and <= 100: " + volumeGrowth);
        }
    }

    private static void rate(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
        }
    }

    public static Builder builder(Path outDir) {
        return new Builder(outDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(outDir);
        b.reports = reports;
        b.firstQuarter = firstQuarter;
        b.lastQuarter = lastQuarter;
        b.seed = seed;
        b.layout = layout;
        b.zipLevel = zipLevel;
        b.followUpRate = followUpRate;
        b.deletionRate = deletionRate;
        b.malformedRate = malformedRate;
        b.malformedKinds = malformedKinds;
        b.kratomShareFirst = kratomShareFirst;
        b.kratomShareLast = kratomShareLast;
        b.sevenOhFrom = sevenOhFrom;
        b.sevenOhShare = sevenOhShare;
        b.signals = signals;
        b.identifierCases = identifierCases;
        b.drugCatalogSize = drugCatalogSize;
        b.eventCatalogSize = eventCatalogSize;
        b.volumeGrowth = volumeGrowth;
        return b;
    }

    /** The quarters written, in order. */
    public List<Quarter> quarters() {
        return Quarter.range(firstQuarter, lastQuarter);
    }

    /**
     * {@link #sevenOhFrom()}; when unset, 2023Q1 (concentrated 7-OH products spread from 2023) if the range holds it,
     * else the middle quarter of the range.
     */
    public Quarter resolvedSevenOhFrom() {
        if (sevenOhFrom != null) {
            return sevenOhFrom;
        }
        Quarter q2023 = new Quarter(2023, 1);
        if (q2023.compareTo(firstQuarter) >= 0 && q2023.compareTo(lastQuarter) <= 0) {
            return q2023;
        }
        return firstQuarter.plus(lastQuarter.minus(firstQuarter) / 2);
    }

    /** {@link #signals()}, or the defaults for the range when unset. */
    public List<PlantedSignal> resolvedSignals() {
        return signals != null ? signals : PlantedSignal.defaults(firstQuarter, lastQuarter, resolvedSevenOhFrom());
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private Path outDir;
        private long reports = 10_000;
        private Quarter firstQuarter = new Quarter(2021, 1);
        private Quarter lastQuarter = new Quarter(2024, 4);
        private long seed = 1;
        private Layout layout = Layout.ZIP;
        private int zipLevel = 1;
        private double followUpRate = 0.20;
        private double deletionRate = 0.01;
        private double malformedRate = 0.001;
        private Set<MalformedKind> malformedKinds = EnumSet.allOf(MalformedKind.class);
        private double kratomShareFirst = 0.005;
        private double kratomShareLast = 0.02;
        private Quarter sevenOhFrom;
        private double sevenOhShare = 0.25;
        private List<PlantedSignal> signals;
        private int identifierCases;
        private int drugCatalogSize = 5000;
        private int eventCatalogSize = 3000;
        private double volumeGrowth = 0.5;

        private Builder(Path outDir) {
            this.outDir = outDir;
        }

        public Builder outDir(Path v) {
            outDir = v;
            return this;
        }

        public Builder reports(long v) {
            reports = v;
            return this;
        }

        public Builder quarters(Quarter first, Quarter last) {
            firstQuarter = first;
            lastQuarter = last;
            return this;
        }

        /** {@code 2021Q1..2024Q4}. */
        public Builder quarters(String range) {
            Quarter[] r = Quarter.parseRange(range);
            return quarters(r[0], r[1]);
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder layout(Layout v) {
            layout = v;
            return this;
        }

        public Builder zipLevel(int v) {
            zipLevel = v;
            return this;
        }

        public Builder followUpRate(double v) {
            followUpRate = v;
            return this;
        }

        public Builder deletionRate(double v) {
            deletionRate = v;
            return this;
        }

        public Builder malformedRate(double v) {
            malformedRate = v;
            return this;
        }

        public Builder malformedKinds(Set<MalformedKind> v) {
            malformedKinds = v;
            return this;
        }

        public Builder kratomShare(double first, double last) {
            kratomShareFirst = first;
            kratomShareLast = last;
            return this;
        }

        public Builder sevenOhFrom(Quarter v) {
            sevenOhFrom = v;
            return this;
        }

        public Builder sevenOhShare(double v) {
            sevenOhShare = v;
            return this;
        }

        /** The planted signals; null restores the defaults, an empty list plants none. */
        public Builder signals(List<PlantedSignal> v) {
            signals = v;
            return this;
        }

        public Builder identifierCases(int v) {
            identifierCases = v;
            return this;
        }

        public Builder drugCatalogSize(int v) {
            drugCatalogSize = v;
            return this;
        }

        public Builder eventCatalogSize(int v) {
            eventCatalogSize = v;
            return this;
        }

        public Builder volumeGrowth(double v) {
            volumeGrowth = v;
            return this;
        }

        public GeneratorOptions build() {
            return new GeneratorOptions(outDir, reports, firstQuarter, lastQuarter, seed, layout, zipLevel,
                    followUpRate, deletionRate, malformedRate, malformedKinds, kratomShareFirst, kratomShareLast,
                    sevenOhFrom, sevenOhShare, signals, identifierCases, drugCatalogSize, eventCatalogSize,
                    volumeGrowth);
        }
    }
}
