package org.kratomwatch.stats.score;

import java.util.Objects;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.StandardNormal;
import org.kratomwatch.stats.bcpnn.InformationComponent;
import org.kratomwatch.stats.ratio.ChiSquare;
import org.kratomwatch.stats.ratio.ProportionalReportingRatio;
import org.kratomwatch.stats.ratio.ReportingOddsRatio;
import org.kratomwatch.stats.ratio.ReportingOddsRatio.ZeroCellCorrection;
import org.kratomwatch.stats.signal.SignalCriteria;

/**
 * Computes every measure of a drug–event pair and the signal verdict: the one implementation
 * that batch scoring ({@code kratomwatch score}) and the streaming engine both call, so that
 * their numbers are equal by construction.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; defaults: z = 1.959963984540054,
 * no zero-cell correction for ROR, no MGPS model (EBGM undefined), the default
 * {@link SignalCriteria}.
 */
public final class PairScorer {

    private final double z;
    private final ZeroCellCorrection rorCorrection;
    private final PosteriorModel ebgmModel;
    private final SignalCriteria criteria;

    private PairScorer(Builder b) {
        this.z = b.z;
        this.rorCorrection = b.rorCorrection;
        this.ebgmModel = b.ebgmModel;
        this.criteria = b.criteria;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Scores a pair with the crude expected count E11 = (a+b)(a+c)/N. */
    public PairScore score(ContingencyTable table) {
        return score(table, table.expected());
    }

    /** Scores a pair with a given (for example stratified) expected count. */
    public PairScore score(ContingencyTable table, double expected) {
        Measures m = measures(table, expected);
        return new PairScore(m, criteria.evaluate(m));
    }

    /**
     * The measures alone, without the verdict. EBGM is undefined without a model and where the
     * expected count is not positive (E = 0 when the drug or the event has no report in scope,
     * as in a period with none; the posterior needs E &gt; 0).
     */
    public Measures measures(ContingencyTable table, double expected) {
        Estimate ebgm = ebgmModel == null || !(expected > 0)
                ? Estimate.UNDEFINED
                : ebgmModel.score(table.a(), expected);
        return new Measures(table, expected,
                ProportionalReportingRatio.of(table, z),
                ChiSquare.pearson(table),
                ChiSquare.yates(table),
                ReportingOddsRatio.of(table, z, rorCorrection),
                InformationComponent.of(table.a(), expected),
                ebgm);
    }

    public SignalCriteria criteria() {
        return criteria;
    }

    /** Builder of {@link PairScorer}. */
    public static final class Builder {
        private double z = StandardNormal.Z_975;
        private ZeroCellCorrection rorCorrection = ZeroCellCorrection.NONE;
        private PosteriorModel ebgmModel;
        private SignalCriteria criteria = SignalCriteria.defaults();

        private Builder() {
        }

        /** Normal quantile for the PRR and ROR intervals (default 1.959963984540054). */
        public Builder z(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("z must be positive: " + value);
            }
            this.z = value;
            return this;
        }

        public Builder rorCorrection(ZeroCellCorrection value) {
            this.rorCorrection = Objects.requireNonNull(value);
            return this;
        }

        /** The MGPS posterior (or another model) that gives EBGM, EB05 and EB95; null for none. */
        public Builder ebgm(PosteriorModel value) {
            this.ebgmModel = value;
            return this;
        }

        public Builder criteria(SignalCriteria value) {
            this.criteria = Objects.requireNonNull(value);
            return this;
        }

        public PairScorer build() {
            return new PairScorer(this);
        }
    }
}
