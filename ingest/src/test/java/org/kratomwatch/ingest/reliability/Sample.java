package org.kratomwatch.ingest.reliability;

import java.util.EnumSet;
import java.util.Set;

import org.kratomwatch.ingest.run.InputFormat;

/**
 * The real samples in {@code ../shared/data} the corpus is made from, one or more per input
 * format and shape (a FAERS quarter folder, a real zip, a file the test zips itself, a single
 * JSON, CSV or XML file).
 */
enum Sample {
    FAERS_2022Q4(InputFormat.faers, Shape.FAERS_FOLDER, "faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4"),
    FAERS_2017Q2(InputFormat.faers, Shape.FAERS_FOLDER, "faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/faers_ascii_2017q2"),
    FAERS_2004Q1_LEGACY(InputFormat.faers, Shape.FAERS_FOLDER,
            "faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/aers_ascii_2004q1"),
    FAERS_2022Q4_ZIP(InputFormat.faers, Shape.ZIP, "faers-ascii-sample/faersquarterlydata_2022q4/faers_ascii_2022Q4.zip"),
    FAERS_2004Q1_ZIP(InputFormat.faers, Shape.ZIP, "faers-ascii-sample/yunuuuu-faers_2004q1_2017q2/aers_ascii_2004q1.zip"),
    OPENFDA_DRUG_EVENT(InputFormat.openfda, Shape.JSON, "openfda-event-sample/event.preannotation.json"),
    OPENFDA_FOOD_EVENT(InputFormat.openfda, Shape.JSON, "openfda-event-sample/food-event_Focusjd/data.json"),
    OPENFDA_FOOD_EVENT_ZIP(InputFormat.openfda, Shape.ZIPPED_FILE, "openfda-event-sample/food-event_Focusjd/data.json"),
    CAERS_WIDE(InputFormat.caers, Shape.CSV, "caers/caers_raw.csv"),
    CAERS_LONG(InputFormat.caers, Shape.CSV, "caers/caers_raw_long.csv"),
    CAERS_PAIRS(InputFormat.caers, Shape.CSV, "caers/caers.csv"),
    CAERS_WIDE_ZIP(InputFormat.caers, Shape.ZIPPED_FILE, "caers/caers_raw.csv"),
    E2B_R2_FAERS(InputFormat.e2b, Shape.XML, "e2b-xml-sample/faers-quarterly-xml_faersquarterlydata/xml/ADR12Q4.xml"),
    E2B_R2_DOCTYPE(InputFormat.e2b, Shape.XML, "e2b-xml-sample/faers-quarterly-xml_faersquarterlydata/1_ADR22Q1_example.xml"),
    E2B_R3_BATCH(InputFormat.e2b, Shape.XML, "e2b-xml-sample/fda-e2b-r3-icsr-examples_donihyun-e2br3/FAERS2022Scenario1.xml"),
    E2B_R3_ONE_LINE(InputFormat.e2b, Shape.XML,
            "e2b-xml-sample/fda-e2b-r3-icsr-examples_donihyun-e2br3/FAERS2022Scenario5-1.xml"),
    E2B_R2_ZIP(InputFormat.e2b, Shape.ZIP, "e2b-xml-sample/faers-quarterly-xml_faersquarterlydata/faers_xml_2012q4.zip");

    /** How a sample is laid out on disk, which decides the faults that apply to it. */
    enum Shape {
        /** A FAERS quarter unzipped: DEMO, DRUG, REAC, OUTC (and DELETE) tables, {@code $}-separated. */
        FAERS_FOLDER,
        /** A real zip archive, read as it is. */
        ZIP,
        /** A single file the corpus zips itself (to cut the zip). */
        ZIPPED_FILE,
        JSON,
        CSV,
        XML
    }

    final InputFormat format;
    final Shape shape;
    final String path;

    Sample(InputFormat format, Shape shape, String path) {
        this.format = format;
        this.shape = shape;
        this.path = path;
    }

    /**
     * The data period given to the run, as {@code kratomwatch ingest --period} would: CAERS
     * samples carry no usable created date (the long forms none at all), the others their own dates.
     */
    String period() {
        return format == InputFormat.caers ? "2012Q4" : null;
    }

    /** The faults that make sense for this sample's shape. */
    Set<Fault> faults() {
        return switch (shape) {
            case ZIP -> EnumSet.of(Fault.TRUNCATED_MID_ZIP_ENTRY, Fault.EMPTY_FILE, Fault.WRONG_FORMAT);
            case ZIPPED_FILE -> EnumSet.of(Fault.TRUNCATED_MID_ZIP_ENTRY);
            case FAERS_FOLDER, CSV -> {
                EnumSet<Fault> all = EnumSet.complementOf(EnumSet.of(Fault.TRUNCATED_MID_ZIP_ENTRY));
                if (this == CAERS_PAIRS) {
                    // 20,000 rows: the structural faults only, the rest is covered by the small CAERS files
                    all.retainAll(EnumSet.of(Fault.TRUNCATED_MID_LINE, Fault.FIELD_DELETED, Fault.HEADER_REPEATED,
                            Fault.COLUMNS_SHUFFLED, Fault.REQUIRED_COLUMN_DELETED));
                }
                yield all;
            }
            case JSON, XML -> {
                EnumSet<Fault> all = EnumSet.complementOf(EnumSet.of(Fault.TRUNCATED_MID_ZIP_ENTRY,
                        Fault.HEADER_SHUFFLED, Fault.COLUMN_DUPLICATED, Fault.HEADER_REPEATED));
                if (this == E2B_R3_ONE_LINE) {
                    all.remove(Fault.CRLF_MIX); // it has no line end to change
                }
                yield all;
            }
        };
    }

    /** One sample per format carries the giant (10 MB / 50 MB) variants: they cost seconds, not milliseconds. */
    boolean giants() {
        return this == FAERS_2017Q2 || this == OPENFDA_FOOD_EVENT || this == CAERS_WIDE || this == E2B_R2_FAERS;
    }
}
