package org.kratomwatch.app.cli;

import java.nio.file.Path;

/**
 * A mistake in what the user gave us (a file, a column, an option value). The CLI prints its
 * message as one line and exits with status 2; no stack trace, since nothing is wrong with the
 * program.
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message, null, false, false);
    }

    /** "file:line: column 'name': problem". */
    public static UserInputException at(Path file, long line, String column, String problem) {
        return new UserInputException(display(file) + ":" + line + ": column '" + column + "': " + problem);
    }

    /** "file:line: problem". */
    public static UserInputException at(Path file, long line, String problem) {
        return new UserInputException(display(file) + ":" + line + ": " + problem);
    }

    /** "file: problem". */
    public static UserInputException in(Path file, String problem) {
        return new UserInputException(display(file) + ": " + problem);
    }

    private static String display(Path file) {
        return file == null ? "<stdin>" : file.toString();
    }
}
