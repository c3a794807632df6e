package org.kratomwatch.streams.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kratomwatch.avro.MgpsHyperparameterSet;
import org.kratomwatch.schemas.topic.Keys;
import org.kratomwatch.stats.mgps.MgpsFit;
import org.kratomwatch.stats.mgps.MgpsFitter;
import org.kratomwatch.streams.engine.EngineConfig;
import org.kratomwatch.streams.score.CountSource;
import org.kratomwatch.streams.score.Hyperparameters;
import org.kratomwatch.streams.score.MgpsInputs;
import org.kratomwatch.streams.score.SignalComputer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the MGPS prior (with the batch fitter, {@link MgpsFitter}) to every substance–term pair of
 * the counts replica, for each comparator, cumulatively up to the current period and for the
 * current period alone, and publishes each fit on {@code ae.hyperparameters.v1}: every instance
 * reads that topic into a global store and scores EBGM, EB05 and EB95 with the same prior.
 *
 * <p>Data without an interior maximum of the likelihood (nearly null data such as synthetic
 * reports) get the best prior on the edge of the parameter space, logged, as the demo does; a
 * target with fewer than {@value #MIN_PAIRS} pairs is not fitted.
 */
public final class HyperparameterRefitter {

    private static final Logger LOG = LoggerFactory.getLogger(HyperparameterRefitter.class);
    /** Fewer pairs than this give no usable prior. */
    public static final int MIN_PAIRS = 10;

    private final EngineConfig config;
    private final MgpsFitter fitter = new MgpsFitter().withBoundaryFallback(true);

    public HyperparameterRefitter(EngineConfig config) {
        this.config = config;
    }

    /**
     * Fits every comparator and scope and hands each result to {@code publish}.
     *
     * @return the published sets (empty when the replica holds no counts)
     */
    public List<MgpsHyperparameterSet> refit(ReadOnlyKeyValueStore<String, Long> replica,
            Consumer<MgpsHyperparameterSet> publish) {
        List<String> periods = SignalComputer.periods(CountSource.of(replica));
        List<MgpsHyperparameterSet> out = new ArrayList<>();
        if (periods.isEmpty()) {
            return out;
        }
        String period = periods.get(periods.size() - 1);
        for (Map.Entry<MgpsInputs.Target, MgpsInputs.Pairs> e : MgpsInputs.collect(replica, config, period).entrySet()) {
            MgpsInputs.Pairs pairs = e.getValue();
            if (pairs.size() < MIN_PAIRS) {
                continue;
            }
            MgpsFit fit;
            try {
                fit = fitter.fit(pairs.counts(), pairs.expected());
            } catch (RuntimeException failed) {
                LOG.warn("MGPS fit for {} {} at {} failed: {}", e.getKey().comparator(), e.getKey().scope(), period,
                        failed.getMessage());
                continue;
            }
            if (!fit.interior()) {
                LOG.warn("MGPS fit for {} {} at {}: no interior maximum on {} pairs; using the best prior on the edge",
                        e.getKey().comparator(), e.getKey().scope(), period, pairs.size());
            }
            MgpsHyperparameterSet set = MgpsHyperparameterSet.newBuilder()
                    .setComparator(e.getKey().comparator())
                    .setScope(e.getKey().scope())
                    .setPeriod(period)
                    .setHyperparameters(Hyperparameters.toAvro(fit.hyperparameters()))
                    .setLogLikelihood(fit.logLikelihood())
                    .setPairsUsed(pairs.size())
                    .setFittedAt(Instant.now())
                    .build();
            publish.accept(set);
            out.add(set);
            LOG.info("MGPS prior {} from {} pairs", Keys.hyperparameters(set), pairs.size());
        }
        return out;
    }
}
