package org.kratomwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kratomwatch.avro.DisproportionalitySignal;
import org.kratomwatch.avro.Scope;
import org.kratomwatch.report.model.ReportModel;
import org.kratomwatch.report.table.SignalRows;
import org.kratomwatch.stats.score.Numbers;

/** The report's content against hand-built signal records ({@link ReportFixtures}). */
class PeriodicReportTest {

    /** The shown rows, strongest first: rules firing, then EB05, IC025, ROR025. */
    static final List<String> EXPECTED_ORDER = List.of(
            "kratom|" + ReportFixtures.ODD_EVENT, // 4 rules, EB05 49.9
            "kratom|drug withdrawal syndrome",    // 4 rules, EB05 ...
            "kratom-related|withdrawal",          // 4 rules, lower EB05
            "kratom|accidental death",            // 3 rules: no ROR025 (ROR unbounded)
            "kratom|dependence/abuse",            // fewer rules
            "7-hydroxymitragynine|drug abuse",    // no rule under 'all' (fires under excl-opioid), EB05 ordering
            "kratom|seizure",                     // closed: fired in 2024Q2
            "kratom|interaction");                // term group, never fired

    @TempDir
    Path dir;

    @Test
    void signalTableHasTheShownRowsStrongestFirst() {
        String html = PeriodicReport.html(ReportFixtures.model());
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"signal-row[^\"]*\" data-substance=\"([^\"]*)\" data-event=\"([^\"]*)\"")
                .matcher(html);
        while (m.find()) {
            rows.add(unescape(m.group(1)) + "|" + unescape(m.group(2)));
        }
        assertThat(rows).containsExactlyElementsOf(EXPECTED_ORDER);
        assertThat(html).contains("1 further scored pairs with no rule fired are in the CSV"); // nausea
        // the order is the comparator's: rules firing never increase down the table
        List<Integer> rules = SignalRows.shown(SignalRows.rows(ReportFixtures.signals(), ReportFixtures.PERIOD)).stream()
                .map(r -> r.primary().getSignalsFired().size()).toList();
        List<Integer> sorted = new ArrayList<>(rules);
        sorted.sort(Collections.reverseOrder());
        assertThat(rules).isEqualTo(sorted);
    }

    @Test
    void numbersAreFormattedAndComparatorsStandSideBySide() {
        String html = PeriodicReport.html(ReportFixtures.model());
        DisproportionalitySignal withdrawal = record("kratom-related", "withdrawal", "all");
        DisproportionalitySignal withdrawalExcl = record("kratom-related", "withdrawal", "excl-opioid");
        String row = rowOf(html, "kratom-related", "withdrawal");
        assertThat(row).contains(">60<") // a
                .contains(String.format(java.util.Locale.ROOT, ">%.2f<br><span class=\"ci\">%.2f – %.2f<", withdrawal.getRor(),
                        withdrawal.getRorLower95(), withdrawal.getRorUpper95()))
                .contains(String.format(java.util.Locale.ROOT, ">%.2f – %.2f<", withdrawal.getEb05(), withdrawal.getEb95()))
                .contains("evans ror025 ic025 eb05")
                .contains(">2024Q1<")
                .contains("state-ONGOING");
        // the excl-opioid block of the same row: its ROR with CI, EB05 undefined (no prior there)
        assertThat(row).contains(String.format(java.util.Locale.ROOT, ">%.2f<br><span class=\"ci\">%.2f – %.2f<",
                withdrawalExcl.getRor(), withdrawalExcl.getRorLower95(), withdrawalExcl.getRorUpper95()))
                .contains(">–</td><td class=\"rules\">evans ror025 ic025</td>"); // EB05 undefined: no prior there
        assertThat(html).contains("<th class=\"comparator\" colspan=\"9\">all</th>")
                .contains("<th class=\"comparator\" colspan=\"6\">excl-opioid</th>");
        // unbounded PRR and ROR (no other case with the event) print as ∞, undefined as –
        String death = rowOf(html, "kratom", "accidental death");
        assertThat(death).contains(">∞<br><span class=\"ci\">–</span>"); // ROR unbounded, its CI undefined
        // 7-OH × drug abuse fires only once opioid reports are removed from the background (unmasked)
        String unmasked = rowOf(html, "7-hydroxymitragynine", "drug abuse");
        assertThat(record("7-hydroxymitragynine", "drug abuse", "all").getSignalsFired()).isEmpty();
        assertThat(unmasked).contains("ror025");
    }

    @Test
    void textIsEscaped() {
        String html = PeriodicReport.html(ReportFixtures.model());
        assertThat(html).doesNotContain("<b>odd</b>").contains("&lt;b>odd&lt;/b> &amp; &#34;term&#34;");
    }

    @Test
    void chartsHaveOneMarkPerPlottedValue() {
        String html = PeriodicReport.html(ReportFixtures.model());
        String forest = element(html, "svg", "forest-ror");
        // 8 shown rows x 2 comparators, minus accidental death (ROR unbounded, lower limit undefined) twice
        assertThat(count(forest, "<g class=\"mark s0\"")).isEqualTo(7);
        assertThat(count(forest, "<g class=\"mark s1\"")).isEqualTo(7);
        assertThat(forest).contains("data-marks=\"14\"");
        // trends: the 5 rows with a rule firing (at most 6), each with IC025 and EB05 over 4 periods
        List<String> trends = all(html, "<svg class=\"chart trend\"[^>]*>.*?</svg>");
        assertThat(trends).hasSize(10);
        for (String t : trends) {
            assertThat(count(t, "<circle class=\"mark")).isEqualTo(4);
        }
        String bars = element(html, "svg", "reports-per-period");
        assertThat(count(bars, "<rect class=\"mark bar")).isEqualTo(4);
        long[] perPeriod = ReportFixtures.kratomReportsPerPeriod();
        for (int i = 0; i < perPeriod.length; i++) {
            assertThat(bars).contains("data-period=\"" + ReportFixtures.PERIODS.get(i) + "\" data-value=\"" + perPeriod[i] + "\"");
        }
        assertThat(bars).contains("mark bar current\"");
        String omega = element(html, "svg", "forest-omega");
        assertThat(count(omega, "<g class=\"mark s0\"")).isEqualTo(2); // quetiapine: no case with it alone, Ω undefined
    }

    @Test
    void summaryStatesWhatTheReportWasBuiltFrom() {
        String html = PeriodicReport.html(ReportFixtures.model());
        assertThat(html).contains("<dd>2024-12-31 (end of 2024Q4")
                .contains("hand-built fixture records")
                .contains("ae.signals.v1: 27 records")
                .contains("kratomwatch test");
        long[] perPeriod = ReportFixtures.kratomReportsPerPeriod();
        assertThat(html).contains("kratom-related reports in 2024Q4</th><td class=\"num\">" + perPeriod[3] + "<");
        assertThat(html).contains("kratom-related reports up to 2024Q4</th><td class=\"num\">500<");
        assertThat(html).contains("<tr data-state=\"NEW\"><td><span class=\"badge state-NEW\">NEW</span>");
        assertThat(html).contains("Signal rules").contains("IC025 &gt; 0.0").contains("EB05 &gt;= 2.0");
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.6g", ReportFixtures.PRIOR.alpha1()));
    }

    @Test
    void caseSeriesAddUpToTheSignalsAndCarryNoCaseKey() throws IOException {
        ReportModel model = ReportFixtures.model();
        List<Path> files = PeriodicReport.write(model, dir, EnumSet.of(ReportFormat.HTML, ReportFormat.CSV));
        for (Path f : files) {
            assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString())
                    .doesNotContain(ReportFixtures.CASE_KEY_PREFIX);
        }
        String html = Files.readString(files.get(0));
        assertThat(html).contains("kratom-related × withdrawal: 60 cases").doesNotContain("the signal record has a =");
        List<CSVRecord> cs = csv(dir.resolve("kratomwatch-report-2024Q4-case-series.csv"));
        assertThat(cs).filteredOn(r -> r.get("event").equals("withdrawal") && r.get("dimension").equals("total"))
                .singleElement().satisfies(r -> assertThat(r.get("cases")).isEqualTo("60"));
        assertThat(cs).filteredOn(r -> r.get("event").equals("withdrawal") && r.get("dimension").equals("sex"))
                .extracting(r -> r.get("value") + "=" + r.get("cases")).containsExactly("female=15", "male=30", "unknown=15");
        assertThat(cs).filteredOn(r -> r.get("event").equals("withdrawal") && r.get("dimension").equals("co-reported substance"))
                .extracting(r -> r.get("value") + "=" + r.get("cases")).containsExactly("fentanyl=20", "alprazolam=12");
    }

    @Test
    void everyTableIsAlsoCsv() throws IOException {
        List<Path> files = PeriodicReport.write(ReportFixtures.model(), dir, EnumSet.of(ReportFormat.CSV));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(PeriodicReport.csvFiles(ReportFixtures.PERIOD));
        List<CSVRecord> signals = csv(dir.resolve("kratomwatch-report-2024Q4-signals.csv"));
        assertThat(signals).hasSize(9 * 2); // every pair, both comparators
        assertThat(signals.get(0).get("event")).isEqualTo(ReportFixtures.ODD_EVENT); // rank 1, unescaped in CSV
        CSVRecord first = signals.stream().filter(r -> r.get("event").equals("withdrawal")).findFirst().orElseThrow();
        DisproportionalitySignal w = record("kratom-related", "withdrawal", "all");
        assertThat(first.get("substance")).isEqualTo("kratom-related");
        assertThat(first.get("rank")).isEqualTo("3");
        assertThat(first.get("ror")).isEqualTo(Numbers.format(w.getRor())); // unrounded, as 'score' writes it
        assertThat(first.get("eb05")).isEqualTo(Numbers.format(w.getEb05()));
        assertThat(first.get("signals")).isEqualTo("evans|ror025|ic025|eb05");
        assertThat(first.get("first_signalled")).isEqualTo("2024Q1");
        CSVRecord excl = signals.get(signals.indexOf(first) + 1);
        assertThat(excl.get("comparator")).isEqualTo("excl-opioid");
        assertThat(excl.get("eb05")).isEqualTo("NA");
        assertThat(signals).filteredOn(r -> r.get("event").equals("nausea")).allMatch(r -> r.get("shown").equals("false"));
        assertThat(csv(dir.resolve("kratomwatch-report-2024Q4-trends.csv"))).hasSize(9 * 4);
        assertThat(csv(dir.resolve("kratomwatch-report-2024Q4-reports-per-period.csv")))
                .extracting(r -> r.get("period") + "=" + r.get("substance_reports"))
                .containsExactly("2024Q1=50", "2024Q2=100", "2024Q3=150", "2024Q4=200");
        List<CSVRecord> interactions = csv(dir.resolve("kratomwatch-report-2024Q4-interactions.csv"));
        assertThat(interactions).extracting(r -> r.get("co_drug")).containsExactly("fentanyl", "alprazolam", "quetiapine");
        assertThat(csv(dir.resolve("kratomwatch-report-2024Q4-summary.csv")))
                .anySatisfy(r -> assertThat(r.get("item") + "=" + r.get("value")).isEqualTo("data lock point=2024-12-31"));
    }

    @Test
    void sameInputAndPeriodGiveTheSameBytesWhateverTheInputOrder() throws IOException {
        ReportModel model = ReportFixtures.model();
        List<DisproportionalitySignal> shuffled = new ArrayList<>(model.signals());
        List<DisproportionalitySignal> history = new ArrayList<>(model.history());
        Collections.shuffle(shuffled, new Random(7));
        Collections.shuffle(history, new Random(8));
        ReportModel again = new ReportModel(model.period(), model.provenance(), model.headlineSubstance(), shuffled,
                history, model.interactions(), model.caseSeries());
        List<Path> a = PeriodicReport.write(model, dir.resolve("a"), EnumSet.of(ReportFormat.HTML, ReportFormat.CSV));
        List<Path> b = PeriodicReport.write(again, dir.resolve("b"), EnumSet.of(ReportFormat.HTML, ReportFormat.CSV));
        assertThat(a).hasSize(7);
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readAllBytes(b.get(i))).as(a.get(i).getFileName().toString())
                    .isEqualTo(Files.readAllBytes(a.get(i)));
        }
    }

    @Test
    void anEarlierPeriodUsesTheHistory() {
        // the records of 2024Q3 as the app builds them from the history; Ω only exists for 2024Q4 and one 2024Q3 record
        ReportModel model = ReportFixtures.model();
        List<DisproportionalitySignal> q3 = model.history().stream().filter(s -> s.getPeriod().equals("2024Q3")).toList();
        ReportModel earlier = new ReportModel("2024Q3", model.provenance(), model.headlineSubstance(), q3, model.history(),
                model.interactions(), null);
        String html = PeriodicReport.html(earlier);
        assertThat(html).contains("2024-09-30").contains("the anonymized reports (ae.reports.v1) were not read");
        assertThat(element(html, "svg", "reports-per-period")).contains("data-period=\"2024Q3\"")
                .doesNotContain("data-period=\"2024Q4\"");
        assertThat(count(html, "<tr class=\"interaction-row\">")).isEqualTo(1);
    }

    @Test
    void formatsParse() {
        assertThat(ReportFormat.parse("html, CSV,pdf")).containsExactly(ReportFormat.HTML, ReportFormat.CSV, ReportFormat.PDF);
        assertThatThrownBy(() -> ReportFormat.parse("html,docx")).hasMessage("unknown report format 'docx' (known: html, csv, pdf)");
    }

    // ---- helpers -------------------------------------------------------------------------------

    static DisproportionalitySignal record(String substance, String event, String comparator) {
        return ReportFixtures.signals().stream().filter(s -> s.getSubstance().equals(substance)
                && s.getEvent().equals(event) && s.getComparator().equals(comparator) && s.getScope() == Scope.CUMULATIVE)
                .findFirst().orElseThrow();
    }

    static String rowOf(String html, String substance, String event) {
        Matcher m = Pattern.compile("<tr class=\"signal-row[^\"]*\" data-substance=\"" + Pattern.quote(substance)
                + "\" data-event=\"" + Pattern.quote(event) + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("row %s / %s", substance, event).isTrue();
        return m.group(1);
    }

    static String element(String html, String tag, String id) {
        Matcher m = Pattern.compile("<" + tag + " id=\"" + id + "\".*?</" + tag + ">", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("#%s", id).isTrue();
        return m.group();
    }

    static List<String> all(String html, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
