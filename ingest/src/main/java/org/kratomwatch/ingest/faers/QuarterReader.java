package org.kratomwatch.ingest.faers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.kratomwatch.avro.Source;
import org.kratomwatch.ingest.UnreadableInputException;
import org.kratomwatch.ingest.model.ReportSink;

/** Reads one quarter: joins DEMO with DRUG, REAC and OUTC, then reads the deleted-case lists. */
final class QuarterReader {

    private static final Table[] CHILDREN = {Table.DRUG, Table.REAC, Table.OUTC};

    private final Inputs.QuarterPlan plan;
    private final ReportSink sink;
    private final FaersReader.Join join;
    private final Archives archives;
    private final Path tempDir;
    private final int bufferSize;

    private Mapper m;
    /** Child tables whose rows may be lost (missing from a truncated archive, or ended early), with why. */
    private final EnumMap<Table, String> lost = new EnumMap<>(Table.class);
    private final EnumMap<Table, Layout> layouts = new EnumMap<>(Table.class);
    private FaersReadSummary.JoinMode mode = FaersReadSummary.JoinMode.NONE;
    private Layout demoLayout;

    QuarterReader(Inputs.QuarterPlan plan, ReportSink sink, FaersReader.Join join, Archives archives, Path tempDir,
            int bufferSize) {
        this.plan = plan;
        this.sink = sink;
        this.join = join;
        this.archives = archives;
        this.tempDir = tempDir;
        this.bufferSize = bufferSize;
    }

    FaersReadSummary.QuarterCounts read() throws IOException {
        TableRef demoRef = plan.demo();
        if (demoRef == null) {
            Source source = plan.quarter.legacyEra() ? Source.FAERS_LEGACY : Source.FAERS;
            m = new Mapper(sink, source, plan.quarter, null, null, null, null);
            damagedArchives();
        } else {
            Layout demo = header(demoRef);
            demoLayout = demo;
            if (demo == null) {
                throw new UnreadableInputException(demoRef.display + ": ends before its header line (truncated"
                        + " archive)");
            }
            Map<Table, String> truncatedHeaders = new EnumMap<>(Table.class);
            for (Table t : CHILDREN) {
                TableRef ref = plan.tables.get(t);
                if (ref == null) {
                    lost.put(t, "the archive holds no " + t + " file (it is truncated)");
                    continue;
                }
                Layout l = header(ref);
                if (l == null) {
                    lost.put(t, ref.display + " ends before its header line");
                    truncatedHeaders.put(t, ref.display);
                    continue;
                }
                if (l.legacy != demo.legacy) {
                    throw new UnreadableInputException(ref.display + ": keyed by " + l.keyName + " but "
                            + demoRef.display + " by " + demo.keyName);
                }
                layouts.put(t, l);
            }
            Source source = demo.legacy ? Source.FAERS_LEGACY : Source.FAERS;
            m = new Mapper(sink, source, plan.quarter, demo, layouts.get(Table.DRUG), layouts.get(Table.REAC),
                    layouts.get(Table.OUTC));
            damagedArchives();
            for (String file : truncatedHeaders.values()) {
                m.truncatedInput(file, 0, null);
            }
            KeyOrder order = null;
            if (join == FaersReader.Join.MERGE) {
                order = KeyOrder.LEXICAL;
            } else if (join == FaersReader.Join.AUTO) {
                order = sortOrder(demoRef);
            }
            if (order != null) {
                mode = FaersReadSummary.JoinMode.MERGE;
                merge(demoRef, order);
            } else {
                mode = FaersReadSummary.JoinMode.INDEX;
                index(demoRef);
            }
        }
        for (TableRef ref : plan.deletes) {
            deletes(ref);
        }
        return m.counts(plan.quarter, mode);
    }

    private void damagedArchives() {
        plan.damagedArchives.forEach((archive, message) -> m.damagedArchive(archive, message));
    }

    /** The table's header, or null when the table ends (truncated) before it. */
    private Layout header(TableRef ref) throws IOException {
        try (LineSource src = new LineSource(ref.open(archives), ref.display, false, 1 << 14)) {
            try {
                return Layout.read(ref.table, src);
            } catch (UnreadableInputException e) {
                if (src.truncated()) {
                    return null;
                }
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------------------- pre-scan

    /**
     * Reads the keys of the four tables once: the order all of them are sorted in (text order
     * first, FDA's), or null when they are not all sorted in one order.
     */
    private KeyOrder sortOrder(TableRef demoRef) throws IOException {
        boolean lexical = true;
        boolean numeric = true;
        for (Table t : new Table[] {Table.DEMO, Table.DRUG, Table.REAC, Table.OUTC}) {
            TableRef ref = t == Table.DEMO ? demoRef : plan.tables.get(t);
            if (ref == null || (t != Table.DEMO && !layouts.containsKey(t))) {
                continue;
            }
            int sorted = scanOrder(ref, lexical, numeric);
            lexical &= (sorted & 1) != 0;
            numeric &= (sorted & 2) != 0;
            if (!lexical && !numeric) {
                return null;
            }
        }
        return lexical ? KeyOrder.LEXICAL : KeyOrder.NUMERIC;
    }

    /** Bit 1: sorted in text order; bit 2: sorted numerically (rows without a key ignored). */
    private int scanOrder(TableRef ref, boolean wantLexical, boolean wantNumeric) throws IOException {
        boolean lexical = wantLexical;
        boolean numeric = wantNumeric;
        try (LineSource src = new LineSource(ref.open(archives), ref.display, false, bufferSize)) {
            Layout layout = Layout.read(ref.table, src);
            Fields f = new Fields();
            long last = -1;
            while (src.next() && (lexical || numeric)) {
                long k;
                if (layout.key == 0) {
                    k = leadingKey(src.buf, src.start, src.end);
                } else {
                    f.split(src.buf, src.start, src.end);
                    k = f.digits(layout.key);
                }
                if (k < 0) {
                    continue;
                }
                if (last >= 0) {
                    lexical &= KeyOrder.LEXICAL.compare(last, k) <= 0;
                    numeric &= last <= k;
                }
                last = k;
            }
        }
        return (lexical ? 1 : 0) | (numeric ? 2 : 0);
    }

    /** The number before the first {@code $} (blanks around it allowed), or a negative value. */
    private static long leadingKey(byte[] b, int s, int e) {
        int i = s;
        while (i < e && b[i] != '$') {
            i++;
        }
        int a = s;
        int z = i;
        while (a < z && (b[a] == ' ' || b[a] == '\t')) {
            a++;
        }
        while (z > a && (b[z - 1] == ' ' || b[z - 1] == '\t' || b[z - 1] == '\r')) {
            z--;
        }
        return Fields.digits(b, a, z);
    }

    // ---------------------------------------------------------------------------------- merge

    private void merge(TableRef demoRef, KeyOrder order) throws IOException {
        Cursor[] kids = new Cursor[CHILDREN.length];
        Cursor demo = null;
        try {
            demo = Cursor.open(demoRef, demoLayout, archives, order, bufferSize);
            for (int i = 0; i < CHILDREN.length; i++) {
                TableRef ref = plan.tables.get(CHILDREN[i]);
                if (layouts.containsKey(CHILDREN[i])) {
                    kids[i] = Cursor.open(ref, layouts.get(CHILDREN[i]), archives, order, bufferSize);
                    advance(kids[i]);
                }
            }
            long last = -1;
            while (demo.advance()) {
                m.beginDemo(demo.fields, demo.file, demo.lineNo());
                long d = m.key();
                if (d >= 0) {
                    if (d == last) {
                        m.failDuplicate(demo.fields);
                    } else {
                        for (Cursor kid : kids) {
                            if (kid != null) {
                                gather(kid, d, order);
                            }
                        }
                    }
                    last = d;
                }
                failLost();
                m.finish();
            }
            boolean demoLost = demo.src.truncated();
            if (demoLost) {
                m.truncatedInput(demo.file, demo.lineNo(), demo.src.failure());
            }
            for (Cursor kid : kids) {
                if (kid != null) {
                    while (kid.has) {
                        m.orphan(kid.table, kid.fields, kid.file, kid.lineNo(), demoLost, demo.file);
                        advance(kid);
                    }
                }
            }
            m.blankLines += demo.blankLines;
            for (Cursor kid : kids) {
                if (kid != null) {
                    m.blankLines += kid.blankLines;
                }
            }
        } finally {
            closeAll(demo, kids);
        }
    }

    private void gather(Cursor kid, long d, KeyOrder order) {
        while (kid.has) {
            long k = kid.key;
            if (k < 0) {
                m.orphan(kid.table, kid.fields, kid.file, kid.lineNo(), false, null);
            } else {
                int c = order.compare(k, d);
                if (c > 0) {
                    return;
                }
                if (c < 0) {
                    m.orphan(kid.table, kid.fields, kid.file, kid.lineNo(), false, null);
                } else {
                    m.addChild(kid.table, kid.fields, kid.file, kid.lineNo());
                }
            }
            advance(kid);
        }
    }

    private void advance(Cursor kid) {
        if (!kid.advance() && kid.src.truncated() && !lost.containsKey(kid.table)) {
            m.truncatedInput(kid.file, kid.lineNo(), kid.src.failure());
            lost.put(kid.table, kid.file + " ends early");
        }
    }

    private void failLost() {
        if (lost.isEmpty()) {
            return;
        }
        for (String why : lost.values()) {
            m.failLost(why);
        }
    }

    private static void closeAll(Cursor demo, Cursor[] kids) throws IOException {
        IOException first = null;
        if (demo != null) {
            try {
                demo.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (Cursor c : kids) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------------------------- index

    private void index(TableRef demoRef) throws IOException {
        ChildIndex[] idx = new ChildIndex[CHILDREN.length];
        Cursor demo = null;
        try {
            for (int i = 0; i < CHILDREN.length; i++) {
                if (layouts.containsKey(CHILDREN[i])) {
                    idx[i] = ChildIndex.build(plan.tables.get(CHILDREN[i]), layouts.get(CHILDREN[i]), archives, tempDir,
                            bufferSize, m);
                    if (idx[i].truncated) {
                        m.truncatedInput(idx[i].file, idx[i].lastLine, idx[i].failure);
                        lost.put(CHILDREN[i], idx[i].file + " ends early");
                    }
                    m.blankLines += idx[i].blankLines;
                }
            }
            demo = Cursor.open(demoRef, demoLayout, archives, null, bufferSize);
            LongSet seen = new LongSet();
            while (demo.advance()) {
                m.beginDemo(demo.fields, demo.file, demo.lineNo());
                long d = m.key();
                if (d >= 0) {
                    if (!seen.add(d)) {
                        m.failDuplicate(demo.fields);
                    } else {
                        for (int i = 0; i < CHILDREN.length; i++) {
                            ChildIndex x = idx[i];
                            if (x == null) {
                                continue;
                            }
                            int p = x.find(d);
                            if (p < 0) {
                                continue;
                            }
                            for (int row; (row = x.rowAt(p, d)) >= 0; p++) {
                                m.addChild(x.table, x.read(row), x.file, x.line(row));
                                x.markJoined(row);
                            }
                        }
                    }
                }
                failLost();
                m.finish();
            }
            boolean demoLost = demo.src.truncated();
            if (demoLost) {
                m.truncatedInput(demo.file, demo.lineNo(), demo.src.failure());
            }
            m.blankLines += demo.blankLines;
            for (ChildIndex x : idx) {
                if (x == null) {
                    continue;
                }
                for (int row = 0; row < x.size(); row++) {
                    if (!x.joined(row)) {
                        m.orphan(x.table, x.read(row), x.file, x.line(row), demoLost, demo.file);
                    }
                }
            }
        } finally {
            IOException first = null;
            for (ChildIndex x : idx) {
                if (x != null) {
                    try {
                        x.close();
                    } catch (IOException e) {
                        first = e;
                    }
                }
            }
            if (demo != null) {
                demo.close();
            }
            if (first != null) {
                throw first;
            }
        }
    }

    // -------------------------------------------------------------------------------- deletes

    private void deletes(TableRef ref) throws IOException {
        InputStream in = ref.open(archives);
        try (LineSource src = new LineSource(in, ref.display, false, 1 << 16)) {
            Fields f = new Fields();
            boolean first = true;
            while (src.next()) {
                if (Cursor.isBlank(src.buf, src.start, src.end)) {
                    m.blankLines++;
                    continue;
                }
                int start = src.start;
                if (first && src.end - start >= 3 && (src.buf[start] & 0xff) == 0xEF
                        && (src.buf[start + 1] & 0xff) == 0xBB && (src.buf[start + 2] & 0xff) == 0xBF) {
                    start += 3; // a UTF-8 byte order mark
                }
                f.split(src.buf, start, src.end);
                m.deleteLine(f, ref.display, src.lineNo, first);
                first = false;
            }
            if (src.truncated()) {
                m.truncatedInput(ref.display, src.lineNo, src.failure());
            }
        }
    }
}
