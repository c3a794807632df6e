package org.kratomwatch.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.app.CliRun;
import org.kratomwatch.stats.SharedData;

/**
 * The streaming engine ends with the numbers of batch scoring: {@code pipeline} (in-JVM broker,
 * ingestion, streams, exactly-once) against {@code score} on the same input with the same MGPS
 * hyperparameters, every column of every pair to 1e-9 relative (see {@link BatchScore}).
 */
class PipelineEquivalenceTest {

    @TempDir
    Path dir;

    /** The real CAERS sample in openEBGM's pairs form, crude and stratified by sex. */
    @Test
    void caersPairsThroughTheStreamEqualBatchScore() throws IOException {
        Path caers = SharedData.require("caers/caers.csv");
        for (boolean stratified : new boolean[] {false, true}) {
            List<String> strata = stratified ? List.of("--strata-cols", "strat1") : List.of();
            Path export = dir.resolve("pipeline-" + stratified + ".csv");
            Path hyper = dir.resolve("hyper-" + stratified + ".json");
            List<String> args = new ArrayList<>(List.of("pipeline", "--source", "pairs", "--input", caers.toString(),
                    "--drug-col", "var1", "--event-col", "var2", "--watch", "all", "--export", export.toString(),
                    "--hyper-out", hyper.toString(), "--data-dir", dir.resolve("data-" + stratified).toString()));
            args.addAll(strata);
            CliRun p = CliRun.of(args.toArray(String[]::new));
            assertThat(p.status()).as(p.err()).isZero();

            Path scored = dir.resolve("score-" + stratified + ".csv");
            List<String> scoreArgs = new ArrayList<>(List.of("score", caers.toString(), "--drug-col", "var1", "--event-col",
                    "var2", "--hyper", hyperArgument(hyper), "--out", scored.toString()));
            scoreArgs.addAll(strata);
            CliRun s = CliRun.of(scoreArgs.toArray(String[]::new));
            assertThat(s.status()).as(s.err()).isZero();
            BatchScore.assertSameTable(scored, export, true);
        }
    }

    /**
     * Generated FAERS quarters with follow-up versions and deletions: the engine's table equals
     * {@code score} over the live latest versions (the batch side reads the same files with the
     * same reader, keeps each case's latest version and drops deleted cases).
     */
    @Test
    void generatedFaersWithFollowUpsAndDeletionsThroughTheStreamEqualBatchScore() throws IOException {
        Path faers = dir.resolve("faers");
        CliRun g = CliRun.of("generate", "faers", "--reports", "2000", "--quarters", "2023Q1..2024Q2", "--out",
                faers.toString(), "--seed", "11", "--malformed-rate", "0", "--follow-up-rate", "0.3", "--deletion-rate", "0.05");
        assertThat(g.status()).as(g.err()).isZero();

        Path export = dir.resolve("pipeline.csv");
        Path hyper = dir.resolve("hyper.json");
        // The prior is fitted on every pair; records (and so the comparison) cover a few substances.
        CliRun p = CliRun.of("pipeline", "--source", "faers", "--input", faers.toString(), "--watch",
                "kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|adalimumab|prednisone", "--export",
                export.toString(), "--hyper-out", hyper.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(p.status()).as(p.err()).isZero();

        BatchScore.Scored batch = BatchScore.ofFaers(faers, dir,
                "^(kratom|mitragynine|7-hydroxymitragynine|oxycodone|hydrocodone|ADALIMUMAB|PREDNISONE)$", hyperArgument(hyper));
        assertThat(batch.live().deleted).isNotEmpty();
        assertThat(batch.live().replaced).isPositive();
        BatchScore.assertSameTable(batch.table(), export, false);
    }

    static String hyperArgument(Path json) throws IOException {
        JsonNode h = new ObjectMapper().readTree(json.toFile());
        return String.join(",", h.get("alpha1").asText(), h.get("beta1").asText(), h.get("alpha2").asText(),
                h.get("beta2").asText(), h.get("p").asText());
    }
}
