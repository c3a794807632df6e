package org.kratomwatch.ingest.faers;

import java.util.Locale;

/** The FAERS tables this reader uses. INDI, THER and RPSR carry nothing the common model holds. */
enum Table {
    DEMO, DRUG, REAC, OUTC, DELETE;

    /** The table a file name starts with ({@code DEMO22Q4.txt}, {@code drug12q4.txt}), or null. */
    static Table ofFileName(String baseName) {
        String n = baseName.toUpperCase(Locale.ROOT);
        if (!n.endsWith(".TXT")) {
            return null;
        }
        for (Table t : values()) {
            if (n.startsWith(t.name()) && n.length() > t.name().length() + 4) {
                char next = n.charAt(t.name().length());
                if (next >= '0' && next <= '9') {
                    return t;
                }
            }
        }
        return null;
    }

    boolean child() {
        return this == DRUG || this == REAC || this == OUTC;
    }
}
