package dev.duo.admin;

import java.util.Objects;

/**
 * A prompt file that could not be loaded, and why: what {@code duo verify} reports. The registry
 * still loads; only a selection that lands on the broken prompt id and family fails.
 *
 * <pre>{@code
 * registry.problems().forEach(p -> System.err.println(p.describe()));
 * // /home/me/prompts/chat/explain_code/base/1.0.0.yml:4:3: unknown field 'temprature' in model.params; ...
 * }</pre>
 *
 * @param file the file's path (a user file) or {@code classpath:dev/duo/prompts/...} (bundled)
 * @param line the 1-based line, or 0 when the problem is the whole file
 * @param column the 1-based column, or 0 when unknown
 * @param message what is wrong
 */
@SuppressWarnings("removal") // implements its old name for one release
public record PromptProblem(String file, int line, int column, String message)
        implements dev.duo.prompt.PromptProblem {

    /** Validates the parts. */
    public PromptProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: message}, leaving out what is unknown. */
    public String describe() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(message).toString();
    }
}
