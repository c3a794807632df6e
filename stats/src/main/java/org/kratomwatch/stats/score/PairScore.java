package org.kratomwatch.stats.score;

import org.kratomwatch.stats.signal.Verdict;

/**
 * A pair's measures together with the verdict of the signal criteria on them.
 *
 * @param measures the measures
 * @param verdict  the rules that fired
 */
public record PairScore(Measures measures, Verdict verdict) {
}
