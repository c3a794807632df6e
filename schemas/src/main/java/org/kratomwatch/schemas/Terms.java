package org.kratomwatch.schemas;

import java.util.Locale;

/**
 * The one normalization of MedDRA preferred-term names used in every record
 * ({@code AdverseEventReport.reactions}, {@code DisproportionalitySignal.event}) and in term-group
 * configuration, so that {@code Drug withdrawal syndrome}, {@code DRUG WITHDRAWAL SYNDROME} and
 * {@code drug  withdrawal syndrome } count as one term.
 */
public final class Terms {

    private Terms() {
    }

    /**
     * Trims, collapses every run of white space (including no-break spaces) to one space, and
     * lower-cases in the root locale: {@code " Drug  Withdrawal\tSyndrome"} becomes
     * {@code "drug withdrawal syndrome"}.
     */
    public static String normalize(String term) {
        StringBuilder s = new StringBuilder(term.length());
        boolean space = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = s.length() > 0;
            } else {
                if (space) {
                    s.append(' ');
                    space = false;
                }
                s.append(c);
            }
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }
}
