package org.kratomwatch.ingest.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.kratomwatch.avro.QuarantineReason;

/**
 * One faulty input written by {@link Corpus}, with what the generator knows about it: the file it
 * damaged, how many faults it injected, and what a correct ingestion must then show
 * ({@link Expect}).
 *
 * @param c        the case it was made for
 * @param input    what is ingested (a file, zip or folder)
 * @param target   the damaged file as the readers name it in origins ({@code DEMO22Q4.txt},
 *                 {@code data.json}, {@code faers_ascii_2022Q4.zip!/ASCII/DRUG22Q4.txt})
 * @param what     a one-line account of the damage, for failure messages and figures
 * @param injected how many faults were injected (lines or records damaged; 1 for a cut, a BOM, ...)
 * @param expect   what the outcome must show besides the invariants every variant obeys
 */
record Variant(Corpus.Case c, Path input, String target, String what, int injected, Expect expect) {

    /** The target's own name without archive or folders, for finding it in a user error. */
    String targetFileName() {
        String t = target.substring(target.lastIndexOf('!') + 1);
        return t.substring(t.lastIndexOf('/') + 1);
    }

    /**
     * What a correct outcome shows for a variant, beyond the invariants that hold for all (no crash,
     * every record accounted for once, specific reasons). Built by the generator from what it wrote.
     */
    static final class Expect {

        /** The summary's counts equal those of the undamaged sample. */
        boolean sameCounts;
        /** ... and so do the reports' contents (as a multiset, origins aside). */
        boolean sameContents;
        /** Refusing the whole input with a user error is a correct outcome. */
        boolean userErrorAllowed;
        /** A user error is the only correct outcome; its message must contain each of these. */
        List<String> userErrorNaming;
        /** Nothing is read and nothing is refused (a documented no-op). */
        boolean nothingRead;
        /** Per file, line: the reasons one of which the item at that line must carry. */
        final Map<String, Map<Long, Set<QuarantineReason>>> lines = new LinkedHashMap<>();
        /** Per file, record number: the reasons one of which the item of that record must carry. */
        final Map<String, Map<Long, Set<QuarantineReason>>> records = new LinkedHashMap<>();
        /** ... and a text its message must contain (the deleted key's name), or null. */
        String recordMessage;
        /**
         * Evidence that the fault was seen: some quarantine item has one of these reasons (and, if
         * {@link #evidenceMessage} is set, a message matching it), or the user error matches it.
         */
        Set<QuarantineReason> evidenceReasons;
        Pattern evidenceMessage;
        /** Faults the format cannot reveal (recorded in the figures, not required). */
        String undetectable;

        static Expect invariantsOnly() {
            return new Expect();
        }

        static Expect same(boolean contents) {
            Expect e = new Expect();
            e.sameCounts = true;
            e.sameContents = contents;
            return e;
        }

        static Expect userError(String... naming) {
            Expect e = new Expect();
            e.userErrorAllowed = true;
            e.userErrorNaming = List.of(naming);
            return e;
        }

        static Expect evidence(Pattern message, QuarantineReason... reasons) {
            Expect e = new Expect();
            e.evidenceReasons = reasons.length == 0 ? EnumSet.noneOf(QuarantineReason.class) : EnumSet.of(reasons[0], reasons);
            e.evidenceMessage = message;
            return e;
        }

        Expect allowUserError() {
            userErrorAllowed = true;
            return this;
        }

        Expect line(String file, long line, QuarantineReason... reasons) {
            lines.computeIfAbsent(file, f -> new TreeMap<>()).put(line, EnumSet.of(reasons[0], reasons));
            return this;
        }

        Expect record(String file, long record, String message, QuarantineReason... reasons) {
            records.computeIfAbsent(file, f -> new TreeMap<>()).put(record, EnumSet.of(reasons[0], reasons));
            recordMessage = message;
            return this;
        }

        Expect undetectable(String why) {
            undetectable = why;
            return this;
        }

        /** What must be seen, in words, for the figures. */
        List<String> describe() {
            List<String> out = new ArrayList<>();
            if (sameCounts) {
                out.add(sameContents ? "same counts and report contents as the sample" : "same counts as the sample");
            }
            if (userErrorNaming != null) {
                out.add("user error naming " + userErrorNaming);
            }
            if (!lines.isEmpty()) {
                out.add("reasons at damaged lines " + lines);
            }
            if (!records.isEmpty()) {
                out.add("reasons at damaged records " + records);
            }
            if (evidenceReasons != null) {
                out.add("evidence " + evidenceReasons + (evidenceMessage == null ? "" : " /" + evidenceMessage + "/"));
            }
            if (nothingRead) {
                out.add("nothing read");
            }
            return out;
        }
    }
}
