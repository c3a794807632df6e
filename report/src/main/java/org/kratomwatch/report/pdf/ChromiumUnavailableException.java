package org.kratomwatch.report.pdf;

/** PDF output was asked for, but no Chromium could be found or run; the message says how to get one. */
public final class ChromiumUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChromiumUnavailableException(String message) {
        super(message, null, false, false);
    }
}
