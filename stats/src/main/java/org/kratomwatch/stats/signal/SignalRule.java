package org.kratomwatch.stats.signal;

import org.kratomwatch.stats.score.Measures;

/**
 * A named criterion for a signal of disproportionate reporting. Thresholds are configurable; the
 * defaults are the published ones. A rule never fires on an undefined ({@code NaN}) value.
 */
public sealed interface SignalRule
        permits SignalRule.Evans, SignalRule.RorLowerLimit, SignalRule.IcLowerLimit, SignalRule.EbLowerLimit {

    /** The rule's name as it appears in outputs ({@code signals} column, Avro records). */
    String name();

    /** A human-readable statement of the rule with its thresholds. */
    String describe();

    /** True when the rule fires on these measures. */
    boolean fires(Measures m);

    /**
     * Evans' rule, MHRA practice (Evans, Waller &amp; Davis 2001): a ≥ 3, PRR ≥ 2 and Yates χ² ≥ 4.
     */
    record Evans(long minReports, double minPrr, double minChiSquareYates) implements SignalRule {
        public static final String NAME = "evans";

        public Evans() {
            this(3, 2.0, 4.0);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String describe() {
            return "a >= " + minReports + ", PRR >= " + minPrr + ", Yates chi2 >= " + minChiSquareYates;
        }

        @Override
        public boolean fires(Measures m) {
            return m.table().a() >= minReports && m.prr().value() >= minPrr
                    && m.chiSquareYates() >= minChiSquareYates;
        }
    }

    /**
     * ROR lower 95% limit above a bound with enough reports (van Puijenbroek et al. 2002; EMA
     * practice): ROR025 &gt; 1 and a ≥ 3.
     */
    record RorLowerLimit(long minReports, double lowerAbove) implements SignalRule {
        public static final String NAME = "ror025";

        public RorLowerLimit() {
            this(3, 1.0);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String describe() {
            return "ROR lower 95% limit > " + lowerAbove + ", a >= " + minReports;
        }

        @Override
        public boolean fires(Measures m) {
            return m.table().a() >= minReports && m.ror().lower() > lowerAbove;
        }
    }

    /** IC025 above a bound, WHO-UMC practice (Norén et al. 2013): IC025 &gt; 0. */
    record IcLowerLimit(double lowerAbove) implements SignalRule {
        public static final String NAME = "ic025";

        public IcLowerLimit() {
            this(0.0);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String describe() {
            return "IC025 > " + lowerAbove;
        }

        @Override
        public boolean fires(Measures m) {
            return m.ic().lower() > lowerAbove;
        }
    }

    /** EB05 at or above a bound, FDA practice (Szarfman et al. 2002): EB05 ≥ 2. */
    record EbLowerLimit(double minEb05) implements SignalRule {
        public static final String NAME = "eb05";

        public EbLowerLimit() {
            this(2.0);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String describe() {
            return "EB05 >= " + minEb05;
        }

        @Override
        public boolean fires(Measures m) {
            return m.ebgm().lower() >= minEb05;
        }
    }
}
