package org.kratomwatch.schemas;

import org.kratomwatch.avro.AgeBand;

/**
 * Age bands of {@link AgeBand}: from an age in years, and the labels used in reports
 * ({@code 0-1}, {@code 2-11}, …, {@code 90+}, {@code unknown}). Ages 90 and over collapse to
 * {@code 90+} (HIPAA Safe Harbor).
 */
public final class AgeBands {

    /** Ages above this many years are treated as data errors ({@link AgeBand#UNKNOWN}). */
    public static final double MAX_PLAUSIBLE_YEARS = 125.0;

    private AgeBands() {
    }

    /**
     * The band of an age in years (fractions allowed: 1.5 years is in 0-1, the band of completed
     * years); {@link AgeBand#UNKNOWN} for NaN, negative or implausible (&gt; 125) ages.
     */
    public static AgeBand ofYears(double years) {
        if (Double.isNaN(years) || years < 0 || years > MAX_PLAUSIBLE_YEARS) {
            return AgeBand.UNKNOWN;
        }
        if (years < 2) {
            return AgeBand.AGE_0_1;
        } else if (years < 12) {
            return AgeBand.AGE_2_11;
        } else if (years < 18) {
            return AgeBand.AGE_12_17;
        } else if (years < 45) {
            return AgeBand.AGE_18_44;
        } else if (years < 65) {
            return AgeBand.AGE_45_64;
        } else if (years < 75) {
            return AgeBand.AGE_65_74;
        } else if (years < 90) {
            return AgeBand.AGE_75_89;
        }
        return AgeBand.AGE_90_PLUS;
    }

    /** The report label: {@code 0-1}, {@code 2-11}, {@code 12-17}, …, {@code 90+}, {@code unknown}. */
    public static String label(AgeBand band) {
        switch (band) {
            case AGE_0_1:
                return "0-1";
            case AGE_2_11:
                return "2-11";
            case AGE_12_17:
                return "12-17";
            case AGE_18_44:
                return "18-44";
            case AGE_45_64:
                return "45-64";
            case AGE_65_74:
                return "65-74";
            case AGE_75_89:
                return "75-89";
            case AGE_90_PLUS:
                return "90+";
            default:
                return "unknown";
        }
    }

    /**
     * The band of a label as written by {@link #label}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AgeBand parse(String label) {
        for (AgeBand band : AgeBand.values()) {
            if (label(band).equals(label)) {
                return band;
            }
        }
        throw new IllegalArgumentException("not an age band label: " + label);
    }
}
