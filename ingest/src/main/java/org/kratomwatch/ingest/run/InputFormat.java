package org.kratomwatch.ingest.run;

import java.nio.file.Path;
import org.kratomwatch.ingest.caers.CaersReader;
import org.kratomwatch.ingest.e2b.E2bReader;
import org.kratomwatch.ingest.faers.FaersReader;
import org.kratomwatch.ingest.model.ReportSink;
import org.kratomwatch.ingest.openfda.OpenFdaReader;

/** The input formats {@code kratomwatch ingest} reads, each with its reader. */
public enum InputFormat {
    /** FDA FAERS quarterly ASCII (and legacy AERS): a quarterly zip, a quarter folder, or a folder of quarters. */
    faers {
        @Override
        public void read(Path input, ReportSink sink, String fallbackPeriod) {
            new FaersReader().read(input, sink);
        }
    },
    /** openFDA drug/event JSON: API responses or bulk download files (zipped or not). */
    openfda {
        @Override
        public void read(Path input, ReportSink sink, String fallbackPeriod) {
            new OpenFdaReader(fallbackPeriod).read(input, sink);
        }
    },
    /** FDA CAERS: the public CSV export or the long id,product,event form. */
    caers {
        @Override
        public void read(Path input, ReportSink sink, String fallbackPeriod) {
            new CaersReader(fallbackPeriod).read(input, sink);
        }
    },
    /** E2B XML: FAERS quarterly XML (E2B(R2)-like) and ICH E2B(R3) ICSRs. */
    e2b {
        @Override
        public void read(Path input, ReportSink sink, String fallbackPeriod) {
            new E2bReader(fallbackPeriod).read(input, sink);
        }
    };

    /**
     * Reads one input path into the sink.
     *
     * @param fallbackPeriod the data period (e.g. {@code 2012Q4}) of reports whose source gives no
     *                       receipt date, or null (FAERS always has the file's quarter)
     * @throws org.kratomwatch.ingest.UnreadableInputException for an input that cannot be read at all
     */
    public abstract void read(Path input, ReportSink sink, String fallbackPeriod);
}
