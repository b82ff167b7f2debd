package dev.duo.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import dev.duo.DuoClient;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** Runs {@code duo} in-process with captured output, an injected environment and working directory. */
final class Cli {

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private boolean interactive;
    private boolean terminal;
    private UnaryOperator<DuoClient.Builder> client = UnaryOperator.identity();

    Cli(Path dir) {
        this.dir = dir;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(String text, boolean interactive) {
        this.stdin = text;
        this.interactive = interactive;
        return this;
    }

    Cli terminal(boolean on) {
        this.terminal = on;
        return this;
    }

    Cli client(UnaryOperator<DuoClient.Builder> customizer) {
        this.client = customizer;
        return this;
    }

    /** One run, as the {@code duo} command makes it: only the subcommand the arguments name is built. */
    Result run(String... args) {
        CliEnvironment environment = new CliEnvironment(env, dir,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive, terminal);
        return run(DuoCommand.forArguments(environment, client, args), args);
    }

    /** A command line to run many commands with (picocli resets every option before each parse). */
    CommandLine commandLine() {
        CliEnvironment environment = new CliEnvironment(env, dir,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive, terminal);
        return DuoCommand.commandLine(environment, client);
    }

    Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
