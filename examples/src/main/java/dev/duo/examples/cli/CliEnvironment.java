package dev.duo.examples.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code duo} command reads from the world besides its arguments: environment variables,
 * the working directory, standard input and whether a person sits at a terminal. Injected, never
 * read from statics, so tests drive every command in-process.
 *
 * <pre>{@code
 * CliEnvironment env = new CliEnvironment(Map.of("FIREWORKS_AI_API_KEY", "k"), dir, InputStream.nullInputStream(), false, false);
 * }</pre>
 *
 * @param variables the environment variables
 * @param workingDirectory where {@code ./duo.yml} and relative paths are looked for
 * @param stdin standard input (chat turns, confirmations, {@code --inputs-json -})
 * @param interactive whether standard input is a terminal a person can answer on
 * @param terminal whether standard output is a terminal (colours are used only then, and never with NO_COLOR)
 */
public record CliEnvironment(Map<String, String> variables, Path workingDirectory, InputStream stdin,
                             boolean interactive, boolean terminal) {

    /** Copies the variables and makes the directory absolute. */
    public CliEnvironment {
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath();
        Objects.requireNonNull(stdin, "stdin");
    }

    /** The real process's environment. */
    public static CliEnvironment system() {
        boolean console = System.console() != null;
        return new CliEnvironment(System.getenv(), Path.of(""), System.in, console, console);
    }

    /** Whether output may be coloured: on a terminal, and only when NO_COLOR is not set. */
    public boolean colours() {
        String noColor = variables.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }
}
