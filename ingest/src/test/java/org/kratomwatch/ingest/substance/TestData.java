package org.kratomwatch.ingest.substance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.kratomwatch.stats.SharedData;

/**
 * Reads the real public data in {@code ../shared/data} in place (never copied into the repository),
 * located by {@link SharedData}; tests needing absent data are skipped with a message.
 */
final class TestData {

    static final String NAPDI = "kratom-np-vocabulary-dbmi-pitt/";

    private TestData() {
    }

    static Path require(String relative) {
        return SharedData.require(relative);
    }

    /** Rows of {@code np_name_finder/NP_FAERS_mapped_20220215.csv}: {FAERS_drug_match, lookup_value}. */
    static List<String[]> napdiFaersMapped() throws IOException {
        Path p = require(NAPDI + "np_name_finder/NP_FAERS_mapped_20220215.csv");
        List<String[]> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                out.add(new String[] {rec.get("FAERS_drug_match"), rec.get("lookup_value")});
            }
        }
        return out;
    }

    /** Rows of {@code DERIVED_kratom_faers_drugname_variants.tsv}: {kind, name, concept id, in reference set}. */
    static List<String[]> derivedKratomVariants() throws IOException {
        Path p = require(NAPDI + "DERIVED_kratom_faers_drugname_variants.tsv");
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
    }

    /** Tab-separated OMOP-style table with a header; surrounding double quotes are removed. */
    static List<String[]> omopTable(String file) throws IOException {
        Path p = require(NAPDI + "np-terminology-imports/" + file);
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            for (int i = 0; i < f.length; i++) {
                String v = f[i];
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    f[i] = v.substring(1, v.length() - 1).replace("\"\"", "\"");
                }
            }
            out.add(f);
        }
        return out;
    }
}
