package org.kratomwatch.ingest;

/**
 * An input that cannot be read at all: a missing file or folder, a file that is not the archive it
 * claims to be, a quarter without its DEMO file, a table without the header it needs. Unlike a
 * malformed record (which a reader quarantines and goes on), this stops the read. The message is
 * one line and names the file.
 */
public class UnreadableInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message) {
        super(message);
    }

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
