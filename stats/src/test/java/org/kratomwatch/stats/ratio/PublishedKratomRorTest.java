package org.kratomwatch.stats.ratio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kratomwatch.stats.ContingencyTable;
import org.kratomwatch.stats.Estimate;
import org.kratomwatch.stats.SharedData;

/**
 * ROR and its interval against the published kratom FAERS analysis (Li et al. 2023, Clin Transl
 * Sci 16:1002; 60 preferred terms in {@code ../shared/data/kratom-faers-napdi-2x2}). The authors'
 * R code used z = 1.96 and printed five decimals, so the comparison uses z = 1.96 and a tolerance
 * of half a unit in the fifth decimal (relative 1e-5 for values above 1).
 */
class PublishedKratomRorTest {

    @Test
    void everyPublishedRorAndIntervalIsReproduced() throws IOException {
        Path csv = SharedData.require("kratom-faers-napdi-2x2/kratom_pt_2x2.csv");
        List<String> lines = Files.readAllLines(csv);
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            // drug,event,a,b,c,d,published_n,published_ror,published_ror_lo95,published_ror_hi95 (no quoted fields)
            String[] f = line.split(",");
            int k = f.length;
            ContingencyTable t = new ContingencyTable(Long.parseLong(f[k - 8]), Long.parseLong(f[k - 7]),
                    Long.parseLong(f[k - 6]), Long.parseLong(f[k - 5]));
            Estimate ror = ReportingOddsRatio.of(t, 1.96);
            double[] published = {Double.parseDouble(f[k - 3]), Double.parseDouble(f[k - 2]), Double.parseDouble(f[k - 1])};
            double[] ours = {ror.value(), ror.lower(), ror.upper()};
            for (int i = 0; i < 3; i++) {
                assertThat(Math.abs(ours[i] - published[i]))
                        .as("%s: ours %s, published %s", line, ours[i], published[i])
                        .isLessThanOrEqualTo(Math.max(5e-6, 1e-5 * published[i]));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(60);
    }
}
