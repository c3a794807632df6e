package org.kratomwatch.ingest.run;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kratomwatch.avro.AdverseEventReport;
import org.kratomwatch.avro.QuarantineReason;
import org.kratomwatch.avro.QuarantinedRecord;
import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.accounting.LatestVersionTracker;
import org.kratomwatch.ingest.accounting.LatestVersionTracker.Verdict;
import org.kratomwatch.ingest.anonymize.ReportAnonymizer;
import org.kratomwatch.ingest.anonymize.Scrubber;
import org.kratomwatch.ingest.model.QuarantineItem;
import org.kratomwatch.ingest.model.RawDrug;
import org.kratomwatch.ingest.model.RawReport;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.model.Retraction;
import org.kratomwatch.ingest.publish.ReportPublisher;

/**
 * The end of every reader: decides what each record is (latest version, superseded, retracted,
 * quarantined), anonymizes what is published, publishes it, and keeps the accounting of
 * {@link IngestSummary}. Two checks of its own quarantine a report the reader delivered: no data
 * period (MISSING_FIELD), and a drug name, active ingredient or reaction term longer than
 * {@value #MAX_TEXT_CHARS} characters (OTHER), which no real one is and Kafka would refuse.
 *
 * <p>Older versions that arrive after a newer one are not published (they would overwrite the
 * newer version under the same key); a retraction is published as a tombstone for the case key
 * even when the case was not seen in this run, since it may have been published by an earlier run.
 * Not thread-safe: readers deliver from one thread.
 */
public final class IngestSink implements ReportSink {

    /** Excerpts in quarantine records are cut to this many characters. */
    static final int EXCERPT_CHARS = 200;

    /**
     * The longest drug name, active ingredient or reaction term a report may publish. Real ones are
     * far shorter (MedDRA terms have at most 100 characters); a longer one is damaged input, and
     * published it would make a record larger than Kafka takes (1 MiB by default), which stops the
     * whole run.
     */
    public static final int MAX_TEXT_CHARS = 4_000;

    private final ReportAnonymizer anonymizer;
    private final ReportPublisher publisher;
    private final String runId;
    private final Map<Source, LatestVersionTracker> trackers = new EnumMap<>(Source.class);
    private final Set<String> kratomCases = new HashSet<>();
    private final Map<QuarantineReason, Long> quarantined = new EnumMap<>(QuarantineReason.class);
    private final long started = System.nanoTime();
    private long read;
    private long accepted;
    private long superseded;
    private long retracted;
    private long quarantinedTotal;

    public IngestSink(ReportAnonymizer anonymizer, ReportPublisher publisher, String runId) {
        this.anonymizer = anonymizer;
        this.publisher = publisher;
        this.runId = runId;
    }

    private LatestVersionTracker tracker(Source s) {
        return trackers.computeIfAbsent(s, k -> new LatestVersionTracker());
    }

    @Override
    public void report(RawReport r) {
        if (r.dataPeriod() == null) {
            quarantine(new QuarantineItem(r.source(), r.origin(), QuarantineReason.MISSING_FIELD,
                    "report has no receipt date to place it in a data period (give a fallback period, --period)", null));
            return;
        }
        String overlong = overlongText(r);
        if (overlong != null) {
            quarantine(new QuarantineItem(r.source(), r.origin(), QuarantineReason.OTHER, overlong, null));
            return;
        }
        read++;
        Verdict v = tracker(r.source()).offer(r.caseId(), r.caseVersion());
        String caseRef = r.source().name() + '\u0000' + r.caseId();
        switch (v) {
            case FIRST -> accepted++;
            case NEWER, REPEAT -> superseded++; // the version held so far leaves "accepted", this one enters
            case OLDER -> {
                superseded++;
                return;
            }
            case RETRACTED -> {
                retracted++;
                return;
            }
            default -> throw new IllegalStateException(v.name());
        }
        AdverseEventReport report = anonymizer.anonymize(r);
        if (report.getKratomFlags().getAnyKratom()) {
            kratomCases.add(caseRef);
        } else {
            kratomCases.remove(caseRef);
        }
        publisher.report(report);
    }

    @Override
    public void retraction(Retraction r) {
        read++;
        retracted++;
        LatestVersionTracker t = tracker(r.source());
        boolean live = t.latest(r.caseId()).isPresent() && !t.isRetracted(r.caseId());
        t.retract(r.caseId());
        if (live) {
            // the case's accepted version is withdrawn with it
            accepted--;
            retracted++;
            kratomCases.remove(r.source().name() + '\u0000' + r.caseId());
        }
        publisher.retract(anonymizer.caseKey(r.source(), r.caseId()));
    }

    @Override
    public void quarantine(QuarantineItem q) {
        read++;
        quarantinedTotal++;
        quarantined.merge(q.reason(), 1L, Long::sum);
        publisher.quarantine(QuarantinedRecord.newBuilder()
                .setSource(q.source())
                .setFileName(fileName(q.origin().file()))
                .setPosition(q.origin().position())
                .setPositionUnit(q.origin().unit())
                .setReason(q.reason())
                .setMessage(Scrubber.scrub(oneLine(q.message())))
                .setRedactedExcerpt(q.excerpt() == null ? null : Scrubber.excerpt(oneLine(q.excerpt()), EXCERPT_CHARS))
                .setIngestionRunId(runId)
                .setQuarantinedAt(Instant.now())
                .build());
    }

    /** Why a report's text is too long to be what it claims and to publish, or null. */
    private static String overlongText(RawReport r) {
        for (RawDrug d : r.drugs()) {
            if (d.name().length() > MAX_TEXT_CHARS) {
                return overlong("drug name", d.name().length());
            }
            if (d.activeIngredient() != null && d.activeIngredient().length() > MAX_TEXT_CHARS) {
                return overlong("active ingredient", d.activeIngredient().length());
            }
        }
        for (String pt : r.reactions()) {
            if (pt != null && pt.length() > MAX_TEXT_CHARS) {
                return overlong("reaction term", pt.length());
            }
        }
        return null;
    }

    private static String overlong(String what, int chars) {
        // worded so that the message scrubber (which drops "name <words>" as a person's name) leaves it whole
        return String.format(Locale.ROOT, "a %s %,d characters long (more than %,d): not a real %s, and too"
                + " large to publish; the report is left out", what, chars, MAX_TEXT_CHARS, what);
    }

    private static String fileName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        int bang = file.indexOf('!');
        // keep "archive.zip!/ASCII/DRUG22Q4.txt" readable but without folders before the archive
        if (bang > 0) {
            int before = Math.max(file.lastIndexOf('/', bang), file.lastIndexOf('\\', bang));
            return file.substring(before + 1);
        }
        return file.substring(slash + 1);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }

    /** The accounting so far. */
    public IngestSummary summary() {
        return new IngestSummary(runId, read, accepted, superseded, retracted, quarantinedTotal, quarantined,
                kratomCases.size(), publisher.published(), publisher.bytes(), (System.nanoTime() - started) / 1e9,
                anonymizer.keyer().isThrowAway());
    }
}
