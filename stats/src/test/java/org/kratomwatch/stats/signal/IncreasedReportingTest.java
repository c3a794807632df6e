package org.kratomwatch.stats.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.stats.signal.IncreasedReporting.Result;
import org.kratomwatch.stats.signal.IncreasedReporting.Variant;

/**
 * Hand-computed cases of the increased-reporting screen, its edges, and properties over seeded
 * random histories.
 */
class IncreasedReportingTest {

    private static final IncreasedReporting RULE = new IncreasedReporting();
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static long[] p(long... counts) {
        return counts;
    }

    private static Arguments row(String name, long[] a, long[] nD, Variant variant, long aRecent, double rpRecent,
            double rpBefore, double ratio) {
        return Arguments.of(name, a, nD, variant, aRecent, rpRecent, rpBefore, ratio);
    }

    /** Default rule (m = 3, k = 5, y = 2, w = 4), current period = the last one. */
    static Stream<Arguments> handComputed() {
        return Stream.of(
                // recent (4..7): a = 3, nD = 40, RP = 0.075; before (0..3): a = 2, nD = 400, RP = 0.005;
                // ratio 15 >= 5. year2 = 0..3 but before2 is empty (nD = 0): no year-over-year.
                row("five-fold", p(1, 0, 1, 0, 1, 1, 1, 0), p(100, 100, 100, 100, 10, 10, 10, 10),
                        Variant.CUMULATIVE, 3, 0.075, 0.005, 15),
                // recent a = 3, nD = 120, RP = 0.025; before 2/400 = 0.005; ratio exactly 5: fires (>=).
                row("exactly five", p(2, 0, 0, 0, 3, 0, 0, 0), p(100, 100, 100, 100, 30, 30, 30, 30),
                        Variant.CUMULATIVE, 3, 0.025, 0.005, 5),
                // recent nD = 121: RP = 3/121 = 0.0248, ratio 4.96 < 5.
                row("just under five", p(2, 0, 0, 0, 3, 0, 0, 0), p(100, 100, 100, 100, 30, 30, 30, 31),
                        Variant.NONE, 3, 3.0 / 121, 0.005, 600.0 / 121),
                // 3/7 against 3/35 is exactly 5, though 3.0/7 >= 5 * (3.0/35) is false in doubles.
                row("exactly five, binary trap", p(3, 0, 0, 0, 3, 0, 0, 0), p(35, 0, 0, 0, 7, 0, 0, 0),
                        Variant.CUMULATIVE, 3, 3.0 / 7, 3.0 / 35, 5),
                // 3/27 against 1/45 is exactly 5 (3 * 45 = 5 * 1 * 27), though the quotient rounds to 4.999...
                row("exactly five, quotient trap", p(1, 0, 0, 0, 3, 0, 0, 0), p(45, 0, 0, 0, 27, 0, 0, 0),
                        Variant.CUMULATIVE, 3, 3.0 / 27, 1.0 / 45, (3.0 / 27) / (1.0 / 45)),
                // a_recent = 2 < 3: no fire although RP_before = 0 makes the ratio infinite.
                row("two reports", p(0, 0, 0, 0, 1, 1, 0, 0), p(50, 50, 50, 50, 10, 10, 10, 10),
                        Variant.NONE, 2, 0.05, 0, INF),
                // a_recent = 3 (exactly m), RP_before = 0/200 = 0 with nD_before > 0: ratio +Inf, fires.
                row("first reports of the pair", p(0, 0, 0, 0, 1, 1, 1, 0), p(50, 50, 50, 50, 10, 10, 10, 10),
                        Variant.CUMULATIVE, 3, 0.075, 0, INF),
                // only 4 periods: before is empty (nD = 0), ratio undefined, no fire.
                row("no earlier periods", p(1, 1, 1, 0), p(10, 10, 10, 10), Variant.NONE, 3, 0.075, NAN, NAN),
                // fewer periods than the window: recent = 0..1, a = 3, nD = 10; before empty.
                row("shorter than the window", p(2, 1), p(5, 5), Variant.NONE, 3, 0.3, NAN, NAN),
                // earlier periods exist but the substance had no report there: nD_before = 0, no fire.
                row("substance new to the data", p(0, 0, 0, 0, 3, 0, 0, 0), p(0, 0, 0, 0, 10, 0, 0, 0),
                        Variant.NONE, 3, 0.3, NAN, NAN),
                // nothing reported in the recent window: RP_recent = 0/0, everything undefined.
                row("silent window", p(1, 1, 0, 0, 0, 0, 0, 0), p(10, 10, 10, 10, 0, 0, 0, 0),
                        Variant.NONE, 0, NAN, 0.05, NAN),
                // before2 (0..3) 4/400 = 0.01, year2 (4..7) 8/400 = 0.02 = 2 x, year1 (8..11) 16/400 = 0.04 = 2 x:
                // year-over-year fires at both boundaries; before (0..7) 12/800 = 0.015, ratio 2.67 < 5.
                row("doubling twice", p(1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4), p(100, 100, 100, 100, 100, 100,
                        100, 100, 100, 100, 100, 100), Variant.YEAR_OVER_YEAR, 16, 0.04, 0.015, 0.04 / 0.015),
                // as above with year2 = 7/400 = 0.0175 < 2 x 0.01: the second doubling fails; ratio
                // 0.04 / (11/800) = 2.91 < 5.
                row("doubling once", p(1, 1, 1, 1, 2, 2, 2, 1, 4, 4, 4, 4), p(100, 100, 100, 100, 100, 100,
                        100, 100, 100, 100, 100, 100), Variant.NONE, 16, 0.04, 11.0 / 800, 0.04 / (11.0 / 800)),
                // before2 1/400 = 0.0025, year2 4/400 = 0.01 (4 x), year1 20/400 = 0.05 (5 x);
                // before 5/800 = 0.00625, ratio 8 >= 5: both.
                row("both", p(1, 0, 0, 0, 1, 1, 1, 1, 5, 5, 5, 5), p(100, 100, 100, 100, 100, 100, 100, 100,
                        100, 100, 100, 100), Variant.BOTH, 20, 0.05, 0.00625, 8),
                // year2 has no substance report (nD = 0): year-over-year undefined; before = 4/400 = 0.01
                // (year2 adds nothing), recent 16/400 = 0.04, ratio 4 < 5.
                row("empty year2", p(1, 1, 1, 1, 0, 0, 0, 0, 4, 4, 4, 4), p(100, 100, 100, 100, 0, 0, 0, 0,
                        100, 100, 100, 100), Variant.NONE, 16, 0.04, 0.01, 4),
                // no report of the pair before year1: 0 >= 2 x 0 holds literally, and CUMULATIVE fires as
                // RP_before = 0/800 with nD_before > 0: both, ratio +Inf.
                row("pair new, two windows of history", p(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0), p(100, 100, 100,
                        100, 100, 100, 100, 100, 10, 10, 10, 10), Variant.BOTH, 3, 0.075, 0, INF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handComputed")
    void handComputedCases(String name, long[] a, long[] nD, Variant variant, long aRecent, double rpRecent,
            double rpBefore, double ratio) {
        Result r = RULE.evaluate(a, nD);
        assertThat(r.variant()).as("variant").isEqualTo(variant);
        assertThat(r.fired()).isEqualTo(variant != Variant.NONE);
        assertThat(r.aRecent()).as("aRecent").isEqualTo(aRecent);
        assertSame("rpRecent", r.rpRecent(), rpRecent);
        assertSame("rpBefore", r.rpBefore(), rpBefore);
        assertSame("ratio", r.ratio(), ratio);
    }

    private static void assertSame(String what, double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void yearOverYearProportionsAreReported() {
        Result r = RULE.evaluate(p(1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4), p(100, 100, 100, 100, 100, 100, 100, 100,
                100, 100, 100, 100));
        assertThat(r.rpYear2()).isEqualTo(0.02);
        assertThat(r.rpBefore2()).isEqualTo(0.01);
        // 8 periods: year2 = 0..3, before2 empty
        Result shorter = RULE.evaluate(p(1, 1, 1, 1, 4, 4, 4, 4), p(100, 100, 100, 100, 100, 100, 100, 100));
        assertThat(shorter.rpYear2()).isEqualTo(0.01);
        assertThat(shorter.rpBefore2()).isNaN();
    }

    @Test
    void periodsAfterTheCurrentOneAreIgnored() {
        long[] a = p(1, 0, 1, 0, 1, 1, 1, 0, 9, 9);
        long[] nD = p(100, 100, 100, 100, 10, 10, 10, 10, 9, 9);
        assertThat(RULE.evaluate(a, nD, 7)).isEqualTo(RULE.evaluate(Arrays.copyOf(a, 8), Arrays.copyOf(nD, 8)));
        // at period 3 only four periods exist: no earlier data
        assertThat(RULE.evaluate(a, nD, 3).variant()).isEqualTo(Variant.NONE);
        assertThat(RULE.evaluate(a, nD, 3).aRecent()).isEqualTo(2);
    }

    @Test
    void configuredThresholds() {
        // w = 2, m = 2, k = 3, y = 1.5. recent (2..3): 2/20 = 0.1; before (0..1): 1/40 = 0.025, ratio 4 >= 3.
        IncreasedReporting r = new IncreasedReporting(2, 3.0, 1.5, 2);
        assertThat(r.evaluate(p(1, 0, 1, 1), p(20, 20, 10, 10)).variant()).isEqualTo(Variant.CUMULATIVE);
        // the default needs 3 reports and a full year of earlier data
        assertThat(RULE.evaluate(p(1, 0, 1, 1), p(20, 20, 10, 10)).variant()).isEqualTo(Variant.NONE);
        // w = 1: year1 = period 2 (3/10 = 0.3), year2 = period 1 (2/10 = 0.2, 1.5 x), before2 = period 0
        // (1/10 = 0.1, 2 x): year-over-year; before = 3/20 = 0.15, ratio 2 < 3.
        IncreasedReporting yearly = new IncreasedReporting(3, 3.0, 1.5, 1);
        assertThat(yearly.evaluate(p(1, 2, 3), p(10, 10, 10)).variant()).isEqualTo(Variant.YEAR_OVER_YEAR);
        assertThat(r.describe()).contains("a >= 2", "last 2 periods", "3.0 x", "1.5 x");
        assertThat(RULE.name()).isEqualTo("increased-reporting").isEqualTo(IncreasedReporting.NAME);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> RULE.evaluate(p(1, 2), p(5))).hasMessageContaining("2 periods");
        assertThatThrownBy(() -> RULE.evaluate(p(1, 2), p(5, 5), 2)).hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> RULE.evaluate(p(), p())).hasMessageContaining("current period -1");
        assertThatThrownBy(() -> RULE.evaluate(p(6, 2), p(5, 5))).hasMessageContaining("period 0: need 0 <= a <= nD");
        assertThatThrownBy(() -> RULE.evaluate(p(-1), p(5))).hasMessageContaining("a = -1");
        assertThatThrownBy(() -> new IncreasedReporting(3, 5, 2, 0)).hasMessageContaining("window");
        assertThatThrownBy(() -> new IncreasedReporting(3, Double.NaN, 2, 4)).hasMessageContaining("minRatio");
        assertThatThrownBy(() -> new IncreasedReporting(3, 5, 0, 4)).hasMessageContaining("minYearOverYearRatio");
        assertThatThrownBy(() -> new IncreasedReporting(-1, 5, 2, 4)).hasMessageContaining("minRecentReports");
    }

    @Test
    void whatDoesNotHold() {
        // Firing is not monotone in everything. Base: recent 3/40, before 2/400, CUMULATIVE.
        long[] a = p(1, 0, 1, 0, 1, 1, 1, 0);
        long[] nD = p(100, 100, 100, 100, 10, 10, 10, 10);
        assertThat(RULE.evaluate(a, nD).fired()).isTrue();
        // substance reports without the event in the current period dilute RP_recent: 3/130, ratio 4.6
        nD[7] += 90;
        assertThat(RULE.evaluate(a, nD).fired()).isFalse();
        nD[7] -= 90;
        // pair reports in an earlier period raise RP_before: 12/400 = 0.03, ratio 2.5
        a[0] += 10;
        assertThat(RULE.evaluate(a, nD).fired()).isFalse();
    }

    // ---- properties over seeded random histories ----

    /** A random history: a_t, nD_t and the current index; half of them with a rising trend. */
    record History(long[] a, long[] nD, int current, IncreasedReporting rule) {

        static History random(long seed) {
            Random rng = new Random(seed);
            int length = 1 + rng.nextInt(16);
            boolean rising = rng.nextBoolean();
            long[] a = new long[length];
            long[] nD = new long[length];
            for (int t = 0; t < length; t++) {
                nD[t] = rng.nextInt(5) == 0 ? 0 : rng.nextInt(rising ? 30 : 60);
                double share = rising ? Math.min(1.0, 0.01 * Math.pow(1.6, t)) : rng.nextDouble() * 0.3;
                for (long i = 0; i < nD[t]; i++) {
                    if (rng.nextDouble() < share) {
                        a[t]++;
                    }
                }
            }
            int current = length - 1 - (rng.nextInt(4) == 0 ? rng.nextInt(length) : 0);
            IncreasedReporting rule = rng.nextInt(3) == 0
                    ? new IncreasedReporting(1 + rng.nextInt(4), 1 + rng.nextInt(6), 1 + rng.nextInt(3), 1 + rng.nextInt(5))
                    : RULE;
            return new History(a, nD, current, rule);
        }

        Result evaluate() {
            return rule.evaluate(a, nD, current);
        }

        int recentStart() {
            return Math.max(0, current - rule.window() + 1);
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    private static Set<Variant> parts(Variant v) {
        return switch (v) {
            case NONE -> EnumSet.noneOf(Variant.class);
            case CUMULATIVE -> EnumSet.of(Variant.CUMULATIVE);
            case YEAR_OVER_YEAR -> EnumSet.of(Variant.YEAR_OVER_YEAR);
            case BOTH -> EnumSet.of(Variant.CUMULATIVE, Variant.YEAR_OVER_YEAR);
        };
    }

    /**
     * Adding k reports of the pair (each also a report of the substance) to any period of the recent
     * window never stops a variant that fired: a_recent grows, RP_recent = (a+k)/(nD+k) ≥ a/nD because
     * a ≤ nD, and RP_before, RP_year2, RP_before2 do not change.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void pairReportsInTheRecentWindowNeverStopASignal(long seed) {
        History h = History.random(seed);
        Set<Variant> before = parts(h.evaluate().variant());
        Random rng = new Random(~seed);
        int t = h.recentStart() + rng.nextInt(h.current() - h.recentStart() + 1);
        int k = 1 + rng.nextInt(5);
        h.a()[t] += k;
        h.nD()[t] += k;
        assertThat(parts(h.evaluate().variant())).containsAll(before);
    }

    /**
     * Adding reports of the substance without the event to a period before year2 never stops a variant
     * that fired: RP_before and RP_before2 can only fall (or become defined), the recent window and
     * year2 do not change.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void backgroundReportsLongAgoNeverStopASignal(long seed) {
        History h = History.random(seed);
        int year2Start = Math.max(0, h.recentStart() - h.rule().window());
        if (year2Start == 0) {
            return; // no period before year2
        }
        Set<Variant> before = parts(h.evaluate().variant());
        Random rng = new Random(~seed);
        h.nD()[rng.nextInt(year2Start)] += 1 + rng.nextInt(50);
        assertThat(parts(h.evaluate().variant())).containsAll(before);
    }

    /** Leading periods without substance reports and any periods after the current one change nothing. */
    @ParameterizedTest
    @MethodSource("seeds")
    void emptyPastAndFutureChangeNothing(long seed) {
        History h = History.random(seed);
        Result expected = h.evaluate();
        int lead = new Random(seed).nextInt(9);
        int n = h.current() + 1;
        long[] a = new long[lead + n + 3];
        long[] nD = new long[lead + n + 3];
        System.arraycopy(h.a(), 0, a, lead, n);
        System.arraycopy(h.nD(), 0, nD, lead, n);
        Arrays.fill(a, lead + n, a.length, 7);
        Arrays.fill(nD, lead + n, nD.length, 7);
        assertThat(h.rule().evaluate(a, nD, lead + h.current())).isEqualTo(expected);
    }

    /** Agrees with a direct reading of the definition in exact integer arithmetic (integer thresholds). */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithTheDefinition(long seed) {
        History h = History.random(seed);
        IncreasedReporting rule = h.rule();
        long m = rule.minRecentReports();
        long k = (long) rule.minRatio();
        long y = (long) rule.minYearOverYearRatio();
        int w = rule.window();
        long[] a1 = new long[4]; // recent, year2, before2, before
        long[] n1 = new long[4];
        for (int t = 0; t <= h.current(); t++) {
            int age = h.current() - t; // 0 = current period
            int slot = age < w ? 0 : age < 2 * w ? 1 : 2;
            a1[slot] += h.a()[t];
            n1[slot] += h.nD()[t];
            if (slot > 0) {
                a1[3] += h.a()[t];
                n1[3] += h.nD()[t];
            }
        }
        boolean enough = a1[0] >= m && n1[0] > 0;
        boolean cumulative = enough && n1[3] > 0 && a1[0] * n1[3] >= k * a1[3] * n1[0];
        boolean yoy = enough && n1[1] > 0 && n1[2] > 0 && a1[0] * n1[1] >= y * a1[1] * n1[0]
                && a1[1] * n1[2] >= y * a1[2] * n1[1];
        Result r = h.evaluate();
        assertThat(parts(r.variant())).as("variant").isEqualTo(parts(cumulative && yoy ? Variant.BOTH
                : cumulative ? Variant.CUMULATIVE : yoy ? Variant.YEAR_OVER_YEAR : Variant.NONE));
        assertThat(r.aRecent()).isEqualTo(a1[0]);
        assertSame("rpBefore", r.rpBefore(), n1[3] == 0 ? NAN : (double) a1[3] / n1[3]);
    }

    /** The generator reaches every outcome, so the properties above are not vacuous. */
    @Test
    void generatorReachesEveryVariant() {
        EnumSet<Variant> seen = EnumSet.noneOf(Variant.class);
        long fired = seeds().filter(s -> {
            Variant v = History.random(s).evaluate().variant();
            seen.add(v);
            return v != Variant.NONE;
        }).count();
        assertThat(seen).containsExactlyInAnyOrder(Variant.values());
        assertThat(fired).isGreaterThan(40);
    }
}
