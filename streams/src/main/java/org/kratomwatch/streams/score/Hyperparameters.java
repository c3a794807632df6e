package org.kratomwatch.streams.score;

import org.kratomwatch.stats.mgps.MgpsHyperparameters;

/** Conversions between the stats module's MGPS hyperparameters and their Avro record. */
public final class Hyperparameters {

    private Hyperparameters() {
    }

    public static MgpsHyperparameters toStats(org.kratomwatch.avro.MgpsHyperparameters h) {
        return new MgpsHyperparameters(h.getAlpha1(), h.getBeta1(), h.getAlpha2(), h.getBeta2(), h.getP());
    }

    public static org.kratomwatch.avro.MgpsHyperparameters toAvro(MgpsHyperparameters h) {
        return org.kratomwatch.avro.MgpsHyperparameters.newBuilder().setAlpha1(h.alpha1()).setBeta1(h.beta1())
                .setAlpha2(h.alpha2()).setBeta2(h.beta2()).setP(h.p()).build();
    }
}
