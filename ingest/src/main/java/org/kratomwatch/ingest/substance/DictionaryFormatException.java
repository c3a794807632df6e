package org.kratomwatch.ingest.substance;

/**
 * A dictionary, class or near-miss file that cannot be used. The message is one line:
 * {@code <file>:<line>: field '<field>': <problem>}.
 */
public final class DictionaryFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;

    public DictionaryFormatException(String file, int line, String field, String problem) {
        super(oneLine(file + ":" + line + ": field '" + field + "': " + problem));
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** The file name as given to the loader. */
    public String file() {
        return file;
    }

    /** 1-based line number; 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** The column (or {@code header}, {@code version}, {@code file}) at fault. */
    public String field() {
        return field;
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
