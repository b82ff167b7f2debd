package dev.duo.internal.prompt;

/**
 * A problem in one template or definition file, with where it is: the message is already
 * {@code file:line:column: what}, ready for a {@code duo verify} report or an exception.
 */
final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;
    private final boolean deadline;

    TemplateException(String file, int line, int column, String reason) {
        this(file, line, column, reason, false);
    }

    /** As above; {@code deadline} when rendering ran past the call's deadline. */
    TemplateException(String file, int line, int column, String reason, boolean deadline) {
        super(format(file, line, column, reason));
        this.deadline = deadline;
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    static String format(String file, int line, int column, String reason) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(reason).toString();
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    String reason() {
        return reason;
    }

    boolean deadline() {
        return deadline;
    }
}
