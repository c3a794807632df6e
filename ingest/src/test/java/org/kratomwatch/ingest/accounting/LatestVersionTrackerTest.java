package org.kratomwatch.ingest.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kratomwatch.ingest.accounting.LatestVersionTracker.Verdict;

class LatestVersionTrackerTest {

    @Test
    void verdicts() {
        LatestVersionTracker t = new LatestVersionTracker();
        assertThat(t.offer("100", 2)).isEqualTo(Verdict.FIRST);
        assertThat(t.offer("100", 3)).isEqualTo(Verdict.NEWER);
        assertThat(t.offer("100", 1)).isEqualTo(Verdict.OLDER); // older after newer: superseded on arrival
        assertThat(t.offer("100", 3)).isEqualTo(Verdict.REPEAT);
        assertThat(t.latest("100")).isEqualTo(OptionalLong.of(3));
        assertThat(t.superseded()).isEqualTo(3); // v2 (by v3), v1 (on arrival), the first v3 (by the repeat)
        assertThat(t.retract("100")).isTrue();
        assertThat(t.offer("100", 9)).isEqualTo(Verdict.RETRACTED);
        assertThat(t.latest("100")).isEmpty();
        assertThat(t.isRetracted("100")).isTrue();
        assertThat(t.retract("200")).isFalse(); // never seen: remembered, so later versions are dropped
        assertThat(t.offer("200", 1)).isEqualTo(Verdict.RETRACTED);
        assertThat(t.droppedRetracted()).isEqualTo(2);
        assertThat(t.cases()).isEqualTo(2);
        assertThat(t.offered()).isEqualTo(6);
        assertThat(Verdict.NEWER.isLatest()).isTrue();
        assertThat(Verdict.NEWER.supersedesPrevious()).isTrue();
        assertThat(Verdict.OLDER.isLatest()).isFalse();
        assertThat(Verdict.FIRST.supersedesPrevious()).isFalse();
    }

    @Test
    void idsAreComparedAsStrings() {
        LatestVersionTracker t = new LatestVersionTracker();
        assertThat(t.offer("0123", 1)).isEqualTo(Verdict.FIRST);
        assertThat(t.offer("123", 1)).isEqualTo(Verdict.FIRST); // not the same case as 0123
        assertThat(t.offer("US-PFIZER-1", 1)).isEqualTo(Verdict.FIRST);
        assertThat(t.offer("US-PFIZER-1", 2)).isEqualTo(Verdict.NEWER);
        assertThat(t.offer("0", 5)).isEqualTo(Verdict.FIRST);
        assertThat(t.offer("999999999999999999", 5)).isEqualTo(Verdict.FIRST);
        assertThat(t.offer("9999999999999999999", 5)).isEqualTo(Verdict.FIRST); // 19 digits: the map path
        assertThat(t.offer("999999999999999999", 4)).isEqualTo(Verdict.OLDER);
        assertThat(t.cases()).isEqualTo(6);
        assertThatThrownBy(() -> t.offer("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.offer("1", Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryIsAboutThirtyBytesANumericCase() {
        LatestVersionTracker t = new LatestVersionTracker(400_000);
        for (int i = 0; i < 400_000; i++) {
            t.offer(String.valueOf(10_000_000 + i * 7L), i % 5);
        }
        assertThat(t.cases()).isEqualTo(400_000);
        assertThat(t.approximateBytes()).isBetween(400_000L * 21, 400_000L * 43);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    /** Against a plain map model, on random streams with many repeats, retractions and both id kinds. */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithAMapModel(long seed) {
        Random rnd = new Random(seed);
        LatestVersionTracker t = new LatestVersionTracker(rnd.nextInt(64));
        Map<String, Long> latest = new HashMap<>();
        Set<String> retracted = new HashSet<>();
        long superseded = 0;
        int cases = 1 + rnd.nextInt(2000);
        for (int i = 0; i < 20_000; i++) {
            int c = rnd.nextInt(cases);
            String id = c % 7 == 0 ? "X" + c : String.valueOf(c * 1_000_003L);
            if (rnd.nextInt(50) == 0) {
                t.retract(id);
                retracted.add(id);
                continue;
            }
            long v = rnd.nextInt(10);
            Verdict expected;
            Long prev = latest.get(id);
            if (retracted.contains(id)) {
                expected = Verdict.RETRACTED;
            } else if (prev == null) {
                expected = Verdict.FIRST;
            } else if (v > prev) {
                expected = Verdict.NEWER;
            } else if (v == prev) {
                expected = Verdict.REPEAT;
            } else {
                expected = Verdict.OLDER;
            }
            if (expected == Verdict.FIRST || expected == Verdict.NEWER) {
                latest.put(id, v);
            }
            if (expected == Verdict.NEWER || expected == Verdict.REPEAT || expected == Verdict.OLDER) {
                superseded++;
            }
            assertThat(t.offer(id, v)).as("seed %d step %d id %s v %d", seed, i, id, v).isEqualTo(expected);
        }
        for (Map.Entry<String, Long> e : latest.entrySet()) {
            assertThat(t.latest(e.getKey())).isEqualTo(retracted.contains(e.getKey()) ? OptionalLong.empty()
                    : OptionalLong.of(e.getValue()));
        }
        Set<String> all = new HashSet<>(latest.keySet());
        all.addAll(retracted);
        assertThat(t.cases()).isEqualTo(all.size());
        assertThat(t.superseded()).isEqualTo(superseded);
    }
}
