package org.kratomwatch.streams.engine;

import java.util.Objects;

/**
 * A background a substance is compared against. {@code all}: every other case. A class
 * restriction such as {@code excl-opioid}: cases whose suspect or interacting drugs include a
 * substance of the class are removed from the background (c and d), so that a class which
 * dominates an event (opioids and withdrawal) cannot mask the substance's signal; the substance's
 * own cases (a and b) are all kept.
 *
 * @param name           the name on the records, e.g. {@code excl-opioid}
 * @param excludedClass  the drug class (a {@code Drug.substanceGroups} entry), or null for {@code all}
 */
public record Comparator(String name, String excludedClass) {

    /** The whole database. */
    public static final Comparator ALL = new Comparator("all", null);

    public Comparator {
        Objects.requireNonNull(name, "name");
    }

    /** The restriction excluding a class, named {@code excl-<class>}. */
    public static Comparator excluding(String drugClass) {
        return new Comparator("excl-" + drugClass, drugClass);
    }

    public boolean isAll() {
        return excludedClass == null;
    }
}
