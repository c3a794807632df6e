package org.kratomwatch.streams.query;

/**
 * An expected failure of a request, answered with its status and message as a JSON error (never a
 * stack trace). Thrown by request parsing and handlers; the server turns it into the response.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError badParameter(String parameter, String problem) {
        return new HttpError(400, "invalid parameter " + parameter + ": " + problem);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    int status() {
        return status;
    }
}
