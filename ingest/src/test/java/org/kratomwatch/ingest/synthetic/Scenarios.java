package org.kratomwatch.ingest.synthetic;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** Seeded random option sets for property-style tests. */
final class Scenarios {

    private Scenarios() {
    }

    /** A fixed list of seeds drawn from a seeded generator (reproducible). */
    static Stream<Long> seeds() {
        Random r = new Random(20_251_125L);
        return LongStream.generate(r::nextLong).limit(6).boxed();
    }

    /** Random but valid options: range, size, rates, layout, malformed kinds. */
    static GeneratorOptions random(long seed, Path dir) {
        Random r = new Random(seed);
        Quarter first = new Quarter(2018 + r.nextInt(6), 1 + r.nextInt(4));
        Quarter last = first.plus(r.nextInt(10));
        Set<MalformedKind> kinds = EnumSet.noneOf(MalformedKind.class);
        for (MalformedKind k : MalformedKind.values()) {
            if (r.nextInt(3) > 0) {
                kinds.add(k);
            }
        }
        if (kinds.isEmpty()) {
            kinds.add(MalformedKind.ORPHAN_ROW);
        }
        int reports = 200 + r.nextInt(2500);
        return GeneratorOptions.builder(dir)
                .reports(reports)
                .quarters(first, last)
                .seed(r.nextLong())
                .layout(r.nextBoolean() ? GeneratorOptions.Layout.ZIP : GeneratorOptions.Layout.DIRECTORY)
                .followUpRate(r.nextDouble() * 0.6)
                .deletionRate(r.nextDouble() * 0.15)
                .malformedRate(r.nextDouble() * 0.08)
                .malformedKinds(kinds)
                .kratomShare(r.nextDouble() * 0.05, r.nextDouble() * 0.1)
                .sevenOhShare(r.nextDouble() * 0.5)
                .identifierCases(r.nextInt(Math.min(reports, 6)))
                .volumeGrowth(r.nextDouble() * 2 - 0.5)
                .build();
    }
}
