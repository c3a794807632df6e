package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.QuarantineItem;

/**
 * The real 2022Q4 and 2017Q2 tables with their rows shuffled (seeded; written to a temp dir): the
 * pre-scan sees they are unsorted, the index join runs, and the result is the one of the sorted
 * files up to the order of items, of a report's reactions (file order) and line numbers.
 */
class FaersUnsortedTest {

    static Path shuffledCopy(Path folder, Path dir, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase().endsWith(".txt"))
                    .sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            Path out = dir.resolve(folder.relativize(f).toString());
            Files.createDirectories(out.getParent());
            List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
            List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
            Collections.shuffle(body, rnd);
            body.add(0, lines.get(0));
            Files.write(out, body, StandardCharsets.ISO_8859_1);
        }
        return dir;
    }

    /** A quarantine item without its line number (shuffling changes it) and archive name. */
    static String withoutLine(QuarantineItem q) {
        String file = q.origin().file();
        return q.source() + "|" + file.substring(file.lastIndexOf('/') + 1) + "|" + q.reason() + "|"
                + q.message().replaceAll("line [0-9]+", "line ?") + "|" + q.excerpt();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shuffledTablesGiveTheSameItemsAsSortedOnes(long seed, @TempDir Path tmp) throws IOException {
        for (Path sorted : List.of(Samples.folder2022q4(), Samples.folder2017q2())) {
            Path shuffled = shuffledCopy(sorted, Files.createDirectories(tmp.resolve(sorted.getFileName())), seed);
            Collected a = new Collected();
            new FaersReader().read(sorted, a);
            Collected b = new Collected();
            FaersReadSummary s = new FaersReader().read(shuffled, b);
            Samples.assertAccounted(s, b);
            assertThat(s.quarters().get(0).join()).isEqualTo(FaersReadSummary.JoinMode.INDEX);
            assertThat(sortedCopy(b.reportContentsReactionsSorted()))
                    .isEqualTo(sortedCopy(a.reportContentsReactionsSorted()));
            assertThat(sortedCopy(b.quarantined.stream().map(FaersUnsortedTest::withoutLine)
                    .collect(Collectors.toList())))
                    .isEqualTo(sortedCopy(a.quarantined.stream().map(FaersUnsortedTest::withoutLine)
                            .collect(Collectors.toList())));
            assertThat(b.retractions).hasSameSizeAs(a.retractions);

            // zipped, the index join inflates the child tables to temporary files first
            Collected z = new Collected();
            Path spill = Files.createDirectories(tmp.resolve("spill"));
            new FaersReader(FaersReader.Join.AUTO, spill).read(Fixtures.zip(shuffled,
                    tmp.resolve(sorted.getFileName() + ".zip")), z);
            try (Stream<Path> left = Files.list(spill)) {
                assertThat(left).as("temporary files deleted").isEmpty();
            }
            assertThat(z.reportContents()).isEqualTo(b.reportContents());
            assertThat(z.quarantined.stream().map(FaersUnsortedTest::withoutLine).collect(Collectors.toList()))
                    .isEqualTo(b.quarantined.stream().map(q -> withoutLine(q)).collect(Collectors.toList()));

            // the trusting merge join refuses them
            assertThatThrownBy(() -> new FaersReader(FaersReader.Join.MERGE).read(shuffled, new Collected()))
                    .isInstanceOf(UnreadableInputException.class).hasMessageContaining("not sorted by primaryid");
        }
    }

    private static List<String> sortedCopy(List<String> l) {
        List<String> c = new ArrayList<>(l);
        Collections.sort(c);
        return c;
    }
}
