package org.kratomwatch.stats.score;

import org.kratomwatch.stats.Estimate;

/**
 * An empirical-Bayes model scoring an observed count against its expected value, returning the
 * point estimate with its lower and upper posterior limits (EBGM with EB05 and EB95 for MGPS).
 */
@FunctionalInterface
public interface PosteriorModel {

    /** Scores an observed count n ≥ 0 against its expected value E ≥ 0. */
    Estimate score(long observed, double expected);
}
