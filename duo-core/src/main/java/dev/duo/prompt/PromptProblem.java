package dev.duo.prompt;

/**
 * Moved to the record {@link dev.duo.admin.PromptProblem}, which implements this interface so that
 * code reading problems through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * registry.problems().forEach(p -> System.err.println(p.describe()));
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.PromptProblem}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface PromptProblem {

    /** @return the file's path */
    String file();

    /** @return the 1-based line, or 0 */
    int line();

    /** @return the 1-based column, or 0 */
    int column();

    /** @return what is wrong */
    String message();

    /** @return the problem as one line */
    String describe();
}
