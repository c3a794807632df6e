package org.kratomwatch.app.score;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kratomwatch.stats.count.PairCount;
import org.kratomwatch.stats.score.PairScore;
import org.kratomwatch.stats.score.ScoreCsv;

/** Writes scored pairs as CSV in the columns of {@link ScoreCsv} (RFC 4180, LF line ends). */
public final class ScoreTableWriter {

    private ScoreTableWriter() {
    }

    public static void write(Writer w, List<PairCount> pairs, List<PairScore> scores) throws IOException {
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        printer.printRecord(ScoreCsv.HEADER);
        for (int i = 0; i < pairs.size(); i++) {
            PairCount p = pairs.get(i);
            printer.printRecord(ScoreCsv.row(p.drug(), p.event(), scores.get(i)));
        }
        printer.flush();
    }
}
