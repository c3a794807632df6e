package org.kratomwatch.ingest.faers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FaersQuarterTest {

    @Test
    void parsesFdaNames() {
        assertThat(FaersQuarter.find("DEMO22Q4.txt")).contains(new FaersQuarter(2022, 4));
        assertThat(FaersQuarter.find("DEMO04Q1.TXT")).contains(new FaersQuarter(2004, 1));
        assertThat(FaersQuarter.find("demo12q4.txt")).contains(new FaersQuarter(2012, 4));
        assertThat(FaersQuarter.find("DEMO18Q1_new.txt")).contains(new FaersQuarter(2018, 1));
        assertThat(FaersQuarter.find("faers_ascii_2022Q4.zip")).contains(new FaersQuarter(2022, 4));
        assertThat(FaersQuarter.find("aers_ascii_2004q1")).contains(new FaersQuarter(2004, 1));
        assertThat(FaersQuarter.find("DELETE21Q4.txt")).contains(new FaersQuarter(2021, 4));
        assertThat(FaersQuarter.find("yunuuuu-faers_2004q1_2017q2")).isEmpty(); // two quarters
        assertThat(FaersQuarter.find("faers_ascii_2022q5.zip")).isEmpty();
        assertThat(FaersQuarter.find("ASC_NTS.pdf")).isEqualTo(Optional.empty());
        assertThat(FaersQuarter.parse("2022Q4")).isEqualTo(new FaersQuarter(2022, 4));
        assertThat(FaersQuarter.parse("22q4").toString()).isEqualTo("2022Q4");
        assertThatThrownBy(() -> FaersQuarter.parse("2022-Q4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaersQuarter(2022, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersInTime() {
        Random rnd = new Random(7);
        List<FaersQuarter> qs = new ArrayList<>();
        for (FaersQuarter q = new FaersQuarter(2004, 1); q.year() < 2025; q = q.next()) {
            qs.add(q);
        }
        List<FaersQuarter> shuffled = new ArrayList<>(qs);
        Collections.shuffle(shuffled, rnd);
        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(qs);
        assertThat(qs).hasSize(84);
        assertThat(new FaersQuarter(2012, 3).legacyEra()).isTrue();
        assertThat(new FaersQuarter(2012, 4).legacyEra()).isFalse();
        assertThat(new FaersQuarter(2022, 4).ordinal()).isEqualTo(20224);
    }
}
