package org.kratomwatch.ingest.reliability;

/**
 * The damage done to a real sample to make one variant of the malformed-input corpus. Each variant
 * carries exactly one kind, so that what the reader says about it can be traced to that fault.
 */
enum Fault {
    TRUNCATED_MID_LINE("cut at a random byte inside a line (mid-field)"),
    TRUNCATED_MID_CHAR("cut between the two bytes of a UTF-8 character"),
    TRUNCATED_MID_ZIP_ENTRY("zip cut inside an entry's compressed data"),
    INVALID_UTF8("bytes that are not UTF-8 inside fields (for FAERS: not windows-1252 either)"),
    LATIN1("ISO-8859-1 bytes (é as 0xE9) inside text fields"),
    BOM("a UTF-8 byte-order mark before the first line"),
    NUL_BYTES("NUL bytes inside fields"),
    CRLF_MIX("CRLF and LF line ends mixed"),
    COLUMNS_SHUFFLED("columns (JSON keys, XML sibling elements) reordered alike in header and rows"),
    HEADER_SHUFFLED("header names reordered, rows left as they were"),
    REQUIRED_COLUMN_DELETED("a required column deleted (the id key of some JSON records, the id element of some XML reports)"),
    FIELD_DELETED("one field deleted from some rows (a key or element from some records)"),
    COLUMN_DUPLICATED("a column duplicated in the header and in every row"),
    HEADER_REPEATED("the header line repeated mid-file, as when two files are joined"),
    GIANT_FIELD("one field of 10 MB"),
    GIANT_LINE("a line of 50 MB without a newline"),
    EMPTY_FILE("an empty file under the sample's name"),
    WRONG_FORMAT("another format's content (or a PDF) under the sample's name");

    final String description;

    Fault(String description) {
        this.description = description;
    }

    /** A 10 MB field, a 50 MB line: big enough that a reader holding whole files or unbounded copies shows. */
    long giantBytes() {
        return this == GIANT_LINE ? 50L << 20 : 10L << 20;
    }
}
