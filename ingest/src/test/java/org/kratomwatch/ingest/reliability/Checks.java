package org.kratomwatch.ingest.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kratomwatch.avro.PositionUnit;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.ingest.model.Collector;
import org.kratomwatch.ingest.model.Origin;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.run.IngestSink;
import org.kratomwatch.ingest.run.IngestSummary;

/**
 * The checks every variant must pass, as a list of problems (empty when it passes), each tagged
 * with its kind so that the figures can count them: {@code crash}, {@code user-error},
 * {@code accounting}, {@code oracle}, {@code reason}, {@code expected}.
 */
final class Checks {

    /**
     * A quarantine message says what is wrong: it names a field or a problem. Generic words alone,
     * an exception's class name alone, or "null" are not reasons.
     */
    private static final Pattern SPECIFIC = Pattern.compile("(?i)expected|found|empty|not a |not one of|is not|no "
            + "|ends? early|ends before|truncat|damaged|encoding|utf-?8|control|invalid|not well-formed|unexpected"
            + "|repeats|missing|exceed|syntax|end of|eof|premature|cannot|unrecognized|illegal|orphan|duplicate|lost"
            + "|refused|longer than|out of range|impossible|not read");
    private static final Pattern VAGUE = Pattern.compile("(?i)\\s*(error|invalid|failed|exception|unknown|other|null"
            + "|[a-z]*:\\s*null|[a-z ]*:\\s*[A-Z][A-Za-z]*(Exception|Error))\\s*\\.?\\s*");

    private Checks() {
    }

    static List<String> all(Variant v, Outcome o, Outcome base) throws IOException {
        List<String> p = new ArrayList<>();
        if (o.crash() != null) {
            p.add("crash: " + o.crash() + "\n" + Outcome.stackTrace(o.crash()));
            return p;
        }
        Variant.Expect e = v.expect();
        if (o.userError() != null) {
            userError(v, o, p);
            return p;
        }
        if (o.readError() != null) {
            p.add("accounting: the reader alone refused the input (" + o.readError().getMessage()
                    + ") but the run did not");
            return p;
        }
        if (e.userErrorNaming != null) {
            p.add("expected: a user error naming " + e.userErrorNaming + ", but the run read " + o.summary().line());
        }
        accounting(o, p);
        Oracle.Result oracle = Oracle.check(v, o.items());
        p.addAll(oracle.problems());
        reasons(o, p);
        expectations(v, o, base, p);
        return p;
    }

    private static void userError(Variant v, Outcome o, List<String> p) {
        String m = o.userError().getMessage();
        Variant.Expect e = v.expect();
        if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r")) {
            p.add("user-error: not one line: " + m);
            return;
        }
        if (!m.contains(v.targetFileName()) && !m.contains(v.input().getFileName().toString())) {
            p.add("user-error: names neither " + v.targetFileName() + " nor " + v.input().getFileName() + ": " + m);
        }
        if (!e.userErrorAllowed) {
            p.add("expected: no user error, but: " + m);
        }
        if (e.userErrorNaming != null) {
            for (String s : e.userErrorNaming) {
                if (!m.contains(s)) {
                    p.add("expected: the user error to name " + s + ": " + m);
                }
            }
        }
        if (e.evidenceMessage != null && e.userErrorNaming == null && !e.evidenceMessage.matcher(m).find()) {
            p.add("expected: the user error to say /" + e.evidenceMessage + "/: " + m);
        }
        if (o.readError() == null || !m.equals(o.readError().getMessage())) {
            p.add("accounting: the reader alone did not refuse the input the same way: "
                    + (o.readError() == null ? "it read it" : o.readError().getMessage()));
        }
    }

    private static void accounting(Outcome o, List<String> p) {
        IngestSummary s = o.summary();
        Collector c = o.items();
        if (!s.balanced()) {
            p.add("accounting: does not add up: " + s.line());
        }
        long noPeriod = c.reports.stream().filter(r -> r.dataPeriod() == null).count();
        long overlong = c.reports.stream().filter(r -> r.dataPeriod() != null && overlong(r)).count();
        if (s.read() != c.total()) {
            p.add("accounting: the run read " + s.read() + " records, the reader alone delivered " + c.total());
        }
        if (s.quarantined() != c.quarantined.size() + noPeriod + overlong) {
            p.add("accounting: " + s.quarantined() + " quarantined by the run, " + c.quarantined.size()
                    + " by the reader plus " + noPeriod + " without a data period and " + overlong + " overlong");
        }
        Map<QuarantineReason, Long> reasons = new EnumMap<>(QuarantineReason.class);
        for (QuarantineItem q : c.quarantined) {
            reasons.merge(q.reason(), 1L, Long::sum);
        }
        if (noPeriod > 0) {
            reasons.merge(QuarantineReason.MISSING_FIELD, noPeriod, Long::sum);
        }
        if (overlong > 0) {
            reasons.merge(QuarantineReason.OTHER, overlong, Long::sum);
        }
        if (!reasons.equals(s.quarantinedByReason())) {
            p.add("accounting: reasons of the run " + s.quarantinedByReason() + " differ from the reader's " + reasons);
        }
        CollectingPublisher pub = o.published();
        if (pub.quarantined.size() != s.quarantined()) {
            p.add("accounting: " + pub.quarantined.size() + " quarantine records published for " + s.quarantined());
        }
        if (pub.retractions != c.retractions.size()) {
            p.add("accounting: " + pub.retractions + " tombstones published for " + c.retractions.size() + " retractions");
        }
        if (pub.reports < s.accepted() || pub.reports > s.accepted() + s.superseded() + s.retracted()) {
            p.add("accounting: " + pub.reports + " reports published for " + s.line());
        }
        if (s.published() != pub.published()) {
            p.add("accounting: the summary says " + s.published() + " published, the publisher " + pub.published());
        }
        if (pub.largest > CollectingPublisher.KAFKA_DEFAULT_MAX_BYTES) {
            p.add("accounting: " + pub.largestWhat + " of " + pub.largest + " bytes would be refused by Kafka (limit "
                    + CollectingPublisher.KAFKA_DEFAULT_MAX_BYTES + ")");
        }
    }

    /** The run's own check: a drug name, ingredient or term too long to be one (and to publish). */
    private static boolean overlong(RawReport r) {
        int max = IngestSink.MAX_TEXT_CHARS;
        return r.drugs().stream().anyMatch(d -> d.name().length() > max
                || d.activeIngredient() != null && d.activeIngredient().length() > max)
                || r.reactions().stream().anyMatch(t -> t != null && t.length() > max);
    }

    private static void reasons(Outcome o, List<String> p) {
        for (QuarantinedRecord q : o.published().quarantined) {
            String m = q.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) {
                p.add("reason: a " + q.getReason() + " record without a one-line message: " + m);
            } else if (VAGUE.matcher(m).matches() || !SPECIFIC.matcher(m).find()) {
                p.add("reason: " + q.getReason() + " at " + q.getFileName() + " says nothing specific: " + m);
            }
            if (q.getFileName() == null || q.getFileName().isBlank()) {
                p.add("reason: a " + q.getReason() + " record names no file");
            }
        }
    }

    private static void expectations(Variant v, Outcome o, Outcome base, List<String> p) {
        Variant.Expect e = v.expect();
        IngestSummary s = o.summary();
        Collector c = o.items();
        if (e.nothingRead && s.read() != 0) {
            p.add("expected: nothing read, but " + s.line());
        }
        if (e.sameCounts) {
            IngestSummary b = base.summary();
            if (s.read() != b.read() || s.accepted() != b.accepted() || s.superseded() != b.superseded()
                    || s.retracted() != b.retracted() || !s.quarantinedByReason().equals(b.quarantinedByReason())) {
                p.add("expected: the sample's counts (" + b.line() + "), found " + s.line());
            }
        }
        if (e.sameContents) {
            Map<String, Long> mine = contents(c);
            Map<String, Long> theirs = contents(base.items());
            if (!mine.equals(theirs)) {
                p.add("expected: the sample's report contents; " + diff(mine, theirs));
            }
        }
        Map<String, Map<Long, Object>> byLine = index(c, PositionUnit.LINE);
        for (Map.Entry<String, Map<Long, Set<QuarantineReason>>> f : e.lines.entrySet()) {
            for (Map.Entry<Long, Set<QuarantineReason>> l : f.getValue().entrySet()) {
                Object item = byLine.getOrDefault(f.getKey(), Map.of()).get(l.getKey());
                if (!(item instanceof QuarantineItem q) || !l.getValue().contains(q.reason())) {
                    p.add("expected: " + l.getValue() + " at " + f.getKey() + ":" + l.getKey() + ", found " + item);
                }
            }
        }
        Map<String, Map<Long, Object>> byRecord = index(c, PositionUnit.RECORD);
        for (Map.Entry<String, Map<Long, Set<QuarantineReason>>> f : e.records.entrySet()) {
            for (Map.Entry<Long, Set<QuarantineReason>> r : f.getValue().entrySet()) {
                Object item = byRecord.getOrDefault(f.getKey(), Map.of()).get(r.getKey());
                if (!(item instanceof QuarantineItem q) || !r.getValue().contains(q.reason())
                        || e.recordMessage != null && !q.message().contains(e.recordMessage)) {
                    p.add("expected: " + r.getValue() + " naming " + e.recordMessage + " at " + f.getKey() + "#"
                            + r.getKey() + ", found " + item);
                }
            }
        }
        if (e.evidenceReasons != null && !evidenced(e, c) && !evidenced(e, o.published().quarantined)) {
            p.add("expected: a quarantine item " + e.evidenceReasons + (e.evidenceMessage == null ? ""
                    : " saying /" + e.evidenceMessage + "/") + ", found " + reasonsAndMessages(c));
        }
    }

    static boolean evidenced(Variant.Expect e, Collector c) {
        for (QuarantineItem q : c.quarantined) {
            if ((e.evidenceReasons.isEmpty() || e.evidenceReasons.contains(q.reason()))
                    && (e.evidenceMessage == null || e.evidenceMessage.matcher(q.message()).find())) {
                return true;
            }
        }
        return false;
    }

    /** ... or among the records the run published (the run's own checks quarantine there). */
    static boolean evidenced(Variant.Expect e, List<QuarantinedRecord> published) {
        for (QuarantinedRecord q : published) {
            if ((e.evidenceReasons.isEmpty() || e.evidenceReasons.contains(q.getReason()))
                    && (e.evidenceMessage == null || e.evidenceMessage.matcher(q.getMessage()).find())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Map<Long, Object>> index(Collector c, PositionUnit unit) {
        Map<String, Map<Long, Object>> out = new HashMap<>();
        for (Object o : c.calls) {
            Origin origin = Oracle.origin(o);
            if (origin.unit() == unit) {
                out.computeIfAbsent(origin.file(), f -> new HashMap<>()).putIfAbsent(origin.position(), o);
            }
        }
        return out;
    }

    private static String reasonsAndMessages(Collector c) {
        return c.quarantined.stream().limit(5).map(q -> q.reason() + " " + q.origin() + " " + q.message())
                .collect(Collectors.joining("; ", "[", c.quarantined.size() > 5 ? "; ...]" : "]"));
    }

    /** A report without its origin, as a string; reactions sorted (their order carries no meaning). */
    static Map<String, Long> contents(Collector c) {
        Map<String, Long> out = new TreeMap<>();
        for (RawReport r : c.reports) {
            List<String> pts = new ArrayList<>(r.reactions());
            pts.sort(null);
            String k = String.join("|", r.source().toString(), r.caseId(), String.valueOf(r.caseVersion()),
                    String.valueOf(r.receivedMonth()), String.valueOf(r.dataPeriod()), String.valueOf(r.ageYears()),
                    r.sex().toString(), r.reporterType().toString(), String.valueOf(r.reporterCountry()),
                    String.valueOf(r.serious()), new java.util.TreeSet<>(r.outcomes()).toString(), r.drugs().toString(),
                    pts.toString(), String.valueOf(r.narrative() == null ? null : r.narrative().hashCode()));
            out.merge(k, 1L, Long::sum);
        }
        return out;
    }

    private static String diff(Map<String, Long> mine, Map<String, Long> theirs) {
        List<String> only = mine.keySet().stream().filter(k -> !mine.get(k).equals(theirs.get(k))).limit(2)
                .collect(Collectors.toList());
        List<String> missing = theirs.keySet().stream().filter(k -> !theirs.get(k).equals(mine.get(k))).limit(2)
                .collect(Collectors.toList());
        return "only here: " + only + "; only in the sample: " + missing;
    }
}
