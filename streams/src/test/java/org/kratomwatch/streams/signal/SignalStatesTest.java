package org.kratomwatch.streams.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.avro.SignalState;
import org.kratomwatch.streams.signal.SignalStates.FirstFired;
import org.kratomwatch.streams.signal.SignalStates.Snapshot;

/** The signal life cycle: every state and edge, then the firstFired map. */
class SignalStatesTest {

    private static final double NAN = Double.NaN;
    private static final SignalStates STATES = new SignalStates();
    private static final Snapshot NONE = Snapshot.NOTHING;

    /** Rules ("evans|ror025", "" for none) and the limits prrLower95, rorLower95, ic025, eb05. */
    private static Snapshot s(String rules, double prr, double ror, double ic, double eb) {
        Set<String> fired = rules.isEmpty() ? Set.of()
                : Arrays.stream(rules.split("\\|")).collect(Collectors.toUnmodifiableSet());
        return new Snapshot(fired, prr, ror, ic, eb);
    }

    private static Arguments row(String name, Snapshot previous, Snapshot current, boolean firedBefore,
            SignalState expected) {
        return Arguments.of(name, previous, current, firedBefore, expected);
    }

    static Stream<Arguments> transitions() {
        Snapshot quiet = s("", 0.8, 0.8, -0.5, 0.9);
        Snapshot base = s("evans|ror025", 4.0, 4.0, 1.0, 3.0);
        return Stream.of(
                // ---- nothing fires now
                row("never fired", quiet, quiet, false, SignalState.NONE),
                row("never fired, first period", NONE, quiet, false, SignalState.NONE),
                row("stops firing", base, quiet, true, SignalState.CLOSED),
                row("closed stays closed", quiet, quiet, true, SignalState.CLOSED),
                row("closed stays closed after a gap in the data", NONE, quiet, true, SignalState.CLOSED),
                // ---- fires now, not in the previous period
                row("first signal", quiet, base, false, SignalState.NEW),
                row("first period of the pair", NONE, base, false, SignalState.NEW),
                row("re-opened after CLOSED", quiet, base, true, SignalState.NEW),
                row("only increased-reporting", quiet, s("increased-reporting", NAN, NAN, NAN, NAN), false,
                        SignalState.NEW),
                // ---- fires in both: counts decide first, whatever the limits did
                row("one more rule, limits fell", base, s("evans|ror025|eb05", 2.0, 2.0, 0.1, 2.0), true,
                        SignalState.STRENGTHENED),
                row("one rule fewer, limits rose", base, s("evans", 9.0, 9.0, 3.0, 9.0), true,
                        SignalState.WEAKENED),
                row("increased-reporting counts as a rule", base, s("evans|ror025|increased-reporting", 4.0, 4.0,
                        1.0, 3.0), true, SignalState.STRENGTHENED),
                // ---- same count: the common rules' lower limits, tolerance 1.10
                row("no change", base, base, true, SignalState.ONGOING),
                row("both rose 10% exactly (4.4 / 4 = 1.1): inclusive", base, s("evans|ror025", 4.4, 4.4, 1.0, 3.0),
                        true, SignalState.STRENGTHENED),
                row("one rose 9.75%", base, s("evans|ror025", 4.39, 4.4, 1.0, 3.0), true, SignalState.ONGOING),
                row("both fell by 1.1 exactly (4.4 -> 4)", s("evans|ror025", 4.4, 4.4, 1.0, 3.0), base, true,
                        SignalState.WEAKENED),
                row("one fell by less than 1.1", s("evans|ror025", 4.39, 4.4, 1.0, 3.0), base, true,
                        SignalState.ONGOING),
                row("one rose, one fell", base, s("evans|ror025", 8.0, 2.0, 1.0, 3.0), true, SignalState.ONGOING),
                row("limits of rules not firing are ignored", base, s("evans|ror025", 5.0, 5.0, -9.0, 0.0), true,
                        SignalState.STRENGTHENED),
                row("small moves are ONGOING", base, s("evans|ror025", 4.2, 3.9, 1.0, 3.0), true,
                        SignalState.ONGOING),
                // ---- same count, different rules
                row("different rules, nothing in common", s("evans", 4.0, 1.5, 0.2, 1.0),
                        s("eb05", 9.0, 1.5, 0.2, 9.0), true, SignalState.ONGOING),
                row("one rule in common decides", s("evans|eb05", 4.0, 1.0, 0.0, 3.0),
                        s("evans|ror025", 5.0, 1.5, 0.0, 0.1), true, SignalState.STRENGTHENED),
                row("only increased-reporting in common", s("increased-reporting", NAN, NAN, NAN, NAN),
                        s("increased-reporting", 9.0, 9.0, 9.0, 9.0), true, SignalState.ONGOING),
                row("increased-reporting ignored among others", s("evans|increased-reporting", 4.0, 1.0, 0.0, 1.0),
                        s("evans|increased-reporting", 3.0, 1.0, 0.0, 1.0), true, SignalState.WEAKENED),
                // ---- NaN limits are left out
                row("NaN PRR limit (infinite PRR), ROR limit rose", base, s("evans|ror025", NAN, 5.0, 1.0, 3.0), true,
                        SignalState.STRENGTHENED),
                row("NaN before, ROR limit fell", s("evans|ror025", NAN, 5.0, 1.0, 3.0), base, true,
                        SignalState.WEAKENED),
                row("every compared limit NaN", s("evans", NAN, 1.0, 0.0, 1.0), s("evans", NAN, 9.0, 0.0, 1.0), true,
                        SignalState.ONGOING),
                // ---- ic025 on the ratio scale: 2^(0.6 - 0.5) = 1.072 < 1.1, 2^(0.65 - 0.5) = 1.109
                row("IC025 +0.1 is under 10% on the ratio scale", s("ic025", 4.0, 4.0, 0.5, 3.0),
                        s("ic025", 4.0, 4.0, 0.6, 3.0), true, SignalState.ONGOING),
                row("IC025 +0.15 is over 10%", s("ic025", 4.0, 4.0, 0.5, 3.0), s("ic025", 4.0, 4.0, 0.65, 3.0), true,
                        SignalState.STRENGTHENED),
                row("IC025 -0.15", s("ic025", 4.0, 4.0, 0.65, 3.0), s("ic025", 4.0, 4.0, 0.5, 3.0), true,
                        SignalState.WEAKENED),
                row("EB05 2.0 -> 2.2", s("eb05", NAN, NAN, NAN, 2.0), s("eb05", NAN, NAN, NAN, 2.2), true,
                        SignalState.STRENGTHENED),
                // ---- limits at 0 and +Infinity (ratio scale: 2^-Infinity = 0)
                row("rise from 0 counts", s("ic025", NAN, NAN, Double.NEGATIVE_INFINITY, NAN),
                        s("ic025", NAN, NAN, 0.5, NAN), true, SignalState.STRENGTHENED),
                row("0 to 0 is no change", s("ic025", NAN, NAN, Double.NEGATIVE_INFINITY, NAN),
                        s("ic025", NAN, NAN, Double.NEGATIVE_INFINITY, NAN), true, SignalState.ONGOING),
                row("+Infinity to +Infinity is no change", s("ror025", NAN, Double.POSITIVE_INFINITY, NAN, NAN),
                        s("ror025", NAN, Double.POSITIVE_INFINITY, NAN, NAN), true, SignalState.ONGOING),
                row("negative limits are not compared", s("evans|ror025", -1.0, 2.0, NAN, NAN),
                        s("evans|ror025", 5.0, 2.0, NAN, NAN), true, SignalState.ONGOING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String name, Snapshot previous, Snapshot current, boolean firedBefore, SignalState expected) {
        assertThat(STATES.next(previous, current, firedBefore)).isEqualTo(expected);
    }

    @Test
    void everyStateIsReached() {
        assertThat(transitions().map(a -> (SignalState) a.get()[4]).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(SignalState.NONE, SignalState.NEW, SignalState.ONGOING,
                        SignalState.STRENGTHENED, SignalState.WEAKENED, SignalState.CLOSED);
    }

    @Test
    void toleranceIsConfigurable() {
        Snapshot before = s("evans", 4.0, NAN, NAN, NAN);
        Snapshot after = s("evans", 5.0, NAN, NAN, NAN); // x 1.25
        assertThat(STATES.next(before, after, true)).isEqualTo(SignalState.STRENGTHENED);
        assertThat(new SignalStates(1.5).next(before, after, true)).isEqualTo(SignalState.ONGOING);
        assertThat(new SignalStates(1.25).next(before, after, true)).isEqualTo(SignalState.STRENGTHENED);
        assertThat(new SignalStates(1.25).next(after, before, true)).isEqualTo(SignalState.WEAKENED);
        // tolerance 1: any change counts, no change is ONGOING
        SignalStates any = new SignalStates(1.0);
        assertThat(any.next(before, s("evans", 4.0000001, NAN, NAN, NAN), true)).isEqualTo(SignalState.STRENGTHENED);
        assertThat(any.next(before, before, true)).isEqualTo(SignalState.ONGOING);
        assertThat(STATES.tolerance()).isEqualTo(SignalStates.DEFAULT_TOLERANCE).isEqualTo(1.10);
        assertThatThrownBy(() -> new SignalStates(0.9)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new SignalStates(NAN)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new SignalStates(Double.POSITIVE_INFINITY)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> STATES.next(null, before, false)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void snapshotLimitsOnTheRatioScale() {
        Snapshot x = s("evans", 1.5, 2.5, 3.0, 4.5);
        assertThat(x.ratioScaleLimit("evans")).isEqualTo(1.5);
        assertThat(x.ratioScaleLimit("ror025")).isEqualTo(2.5);
        assertThat(x.ratioScaleLimit("ic025")).isEqualTo(8.0);
        assertThat(x.ratioScaleLimit("eb05")).isEqualTo(4.5);
        assertThat(x.ratioScaleLimit("increased-reporting")).isNaN();
        assertThat(x.ratioScaleLimit("prr2")).isNaN();
        assertThat(Snapshot.NOTHING.any()).isFalse();
        assertThat(x.any()).isTrue();
    }

    // ---- firstFired

    @Test
    void firstFiredAddsNewRules() {
        assertThat(FirstFired.update(Map.of(), List.of("evans", "ror025"), "2024Q1"))
                .containsExactly(Map.entry("evans", "2024Q1"), Map.entry("ror025", "2024Q1"));
    }

    @Test
    void firstFiredKeepsTheEarliestPeriodAndNeverRemoves() {
        Map<String, String> stored = Map.of("evans", "2023Q4", "ic025", "2022Q1");
        Map<String, String> next = FirstFired.update(stored, List.of("evans", "eb05"), "2024Q2");
        assertThat(next).containsOnly(Map.entry("evans", "2023Q4"), Map.entry("ic025", "2022Q1"),
                Map.entry("eb05", "2024Q2"));
        assertThat(FirstFired.update(stored, List.of(), "2024Q2")).isEqualTo(stored);
        assertThat(stored).hasSize(2); // the argument is not modified
        assertThatThrownBy(() -> next.put("x", "2024Q1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void lateDataForAnEarlierPeriodMoveTheEntryBack() {
        Map<String, String> stored = Map.of("evans", "2024Q2", "ror025", "2023Q1");
        assertThat(FirstFired.update(stored, List.of("evans", "ror025"), "2023Q3"))
                .containsOnly(Map.entry("evans", "2023Q3"), Map.entry("ror025", "2023Q1"));
        // across a decade and a year boundary the string order is the time order
        assertThat(FirstFired.update(Map.of("evans", "2010Q1"), List.of("evans"), "2009Q4"))
                .containsExactly(Map.entry("evans", "2009Q4"));
        // the same period again changes nothing
        assertThat(FirstFired.update(Map.of("evans", "2024Q2"), List.of("evans"), "2024Q2"))
                .containsExactly(Map.entry("evans", "2024Q2"));
    }

    @Test
    void firedBeforeLooksOnlyAtEarlierPeriods() {
        Map<String, String> stored = Map.of("evans", "2024Q1", "ror025", "2024Q3");
        assertThat(FirstFired.firedBefore(stored, "2024Q1")).isFalse();
        assertThat(FirstFired.firedBefore(stored, "2024Q2")).isTrue();
        assertThat(FirstFired.firedBefore(stored, "2023Q4")).isFalse();
        assertThat(FirstFired.firedBefore(Map.of(), "2024Q2")).isFalse();
    }

    @Test
    void periodsAreValidated() {
        assertThatThrownBy(() -> FirstFired.update(Map.of(), List.of("evans"), "2024-05"))
                .hasMessage("period is not a period YYYYQn: 2024-05");
        assertThatThrownBy(() -> FirstFired.update(Map.of("evans", "24Q1"), List.of("evans"), "2024Q1"))
                .hasMessageContaining("firstFired[evans]");
        assertThatThrownBy(() -> FirstFired.firedBefore(Map.of(), "2024Q5")).hasMessageContaining("2024Q5");
    }

    /** A short history run through both helpers, as the engine would. */
    @Test
    void aLifeCycle() {
        List<Snapshot> periods = List.of(
                s("", 1, 1, -1, 1),                       // 2023Q1 NONE
                s("ror025", 1, 1.2, -1, 1),               // 2023Q2 NEW
                s("ror025|evans", 2.1, 1.5, -1, 1),       // 2023Q3 STRENGTHENED
                s("ror025|evans", 2.2, 1.55, -1, 1),      // 2023Q4 ONGOING
                s("ror025", 1.9, 1.3, -1, 1),             // 2024Q1 WEAKENED
                s("", 1, 0.9, -1, 1),                     // 2024Q2 CLOSED
                s("", 1, 0.9, -1, 1),                     // 2024Q3 CLOSED
                s("eb05", 1, 0.9, -1, 2.1));              // 2024Q4 NEW
        List<String> names = List.of("2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4");
        Map<String, String> first = Map.of();
        Snapshot previous = Snapshot.NOTHING;
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < periods.size(); i++) {
            Snapshot now = periods.get(i);
            states.append(STATES.next(previous, now, FirstFired.firedBefore(first, names.get(i)))).append(' ');
            first = FirstFired.update(first, now.fired(), names.get(i));
            previous = now;
        }
        assertThat(states.toString().trim()).isEqualTo("NONE NEW STRENGTHENED ONGOING WEAKENED CLOSED CLOSED NEW");
        assertThat(first).containsOnly(Map.entry("ror025", "2023Q2"), Map.entry("evans", "2023Q3"),
                Map.entry("eb05", "2024Q4"));
    }
}
