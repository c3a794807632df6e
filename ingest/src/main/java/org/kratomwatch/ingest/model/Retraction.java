package org.kratomwatch.ingest.model;

import org.kratomwatch.avro.Source;

/**
 * A case the source withdrew (a line of FAERS' {@code DELETE*.txt}): every version of it is to be
 * removed downstream (a Kafka tombstone for its case key).
 *
 * @param source the source
 * @param caseId the source's case id
 * @param origin where the deletion was listed
 */
public record Retraction(Source source, String caseId, Origin origin) {
}
