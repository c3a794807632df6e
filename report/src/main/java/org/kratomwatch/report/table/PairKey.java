package org.kratomwatch.report.table;

import java.util.Comparator;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.EventKind;
import org.kratomwatch.avro.InteractionSignal;

/**
 * A watch substance and an event (a preferred term or a term group): one row of the signal table,
 * whatever the comparator, scope or period.
 */
public record PairKey(String substance, EventKind eventKind, String event) implements Comparable<PairKey> {

    private static final Comparator<PairKey> ORDER = Comparator.comparing(PairKey::substance)
            .thenComparing(PairKey::eventKind).thenComparing(PairKey::event);

    public static PairKey of(DisproportionalitySignal s) {
        return new PairKey(s.getSubstance(), s.getEventKind(), s.getEvent());
    }

    /** The watch substance and event of an interaction record (its co-drug aside). */
    public static PairKey of(InteractionSignal s) {
        return new PairKey(s.getWatchSubstance(), s.getEventKind(), s.getEvent());
    }

    /** True for a term group (dependence/abuse, withdrawal, interaction, ...). */
    public boolean group() {
        return eventKind == EventKind.TERM_GROUP;
    }

    @Override
    public int compareTo(PairKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return substance + " × " + event;
    }
}
