package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.config.SettingsStores;
import dev.duo.feature.FeatureRegistry;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs {@code duo features list} (and {@code --json}) without picocli: building picocli's model from
 * the annotations and its parser was half of the listing's start-up, for a command with no argument
 * but one flag. Only exactly these lines take the shortcut:
 *
 * <pre>{@code
 * duo [--config FILE | --config=FILE] [--verbose] features list [--json]
 * }</pre>
 *
 * Every other line (help, a mistake, another command, an option elsewhere) goes through picocli. The
 * output is printed only once the listing is complete, with the very writer picocli would make; when
 * the listing fails, picocli parses the same line and the root's handler reports the error, so its
 * message and exit code are what a run through picocli gives. A test runs both ways and compares.
 */
final class ListingShortcut {

    /** What {@link #run} returns when the line is not one it serves. */
    static final int NOT_SERVED = -1;

    private ListingShortcut() {
    }

    /** The listing's options when {@code args} is a line the shortcut serves, else null. */
    record Line(String config, boolean json) {
    }

    static Line parse(String[] args) {
        String config = null;
        int i = 0;
        boolean verbose = false;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if (a.equals("--config") && config == null && i + 1 < args.length && !args[i + 1].startsWith("-")
                    && !args[i + 1].isEmpty()) {
                config = args[i + 1];
                i += 2;
            } else if (a.startsWith("--config=") && config == null && a.length() > "--config=".length()) {
                config = a.substring("--config=".length());
                i++;
            } else if (a.equals("--verbose") && !verbose) {
                verbose = true;
                i++;
            } else {
                return null;
            }
        }
        List<String> rest = List.of(args).subList(i, args.length);
        if (rest.equals(List.of("features", "list"))) {
            return new Line(config, false);
        }
        return rest.equals(List.of("features", "list", "--json")) ? new Line(config, true) : null;
    }

    /**
     * Runs the listing when {@code args} is a line the shortcut serves, printing to {@code out}; returns
     * the exit code, or {@link #NOT_SERVED}.
     *
     * @param full the command line picocli would run for {@code args} (used only to report a failure)
     */
    static int run(CliEnvironment environment, String[] args, PrintWriter out, Function<String[], CommandLine> full) {
        Line line = parse(args);
        if (line == null) {
            return NOT_SERVED;
        }
        StringWriter listing = new StringWriter();
        try {
            Path file = line.config() == null ? null : environment.workingDirectory().resolve(Path.of(line.config()));
            DuoConfig config = SettingsStores.load(file, environment.variables(), environment.workingDirectory());
            try (PrintWriter w = new PrintWriter(listing)) {
                FeatureListing.print(w, config, FeatureRegistry.load(config.featureMetadata()), line.json());
            }
        } catch (Exception e) {
            // As picocli's execute() would: the failing command, the parse result, the root's handler.
            CommandLine cl = full.apply(args);
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            List<CommandLine> commands = parsed.asCommandLineList();
            try {
                return cl.getExecutionExceptionHandler().handleExecutionException(e, commands.get(commands.size() - 1),
                        parsed);
            } catch (Exception unhandled) {
                throw new IllegalStateException(unhandled);
            }
        }
        out.print(listing);
        out.flush();
        return 0;
    }

    /** Standard output as picocli writes it: its encoding rule, buffered, flushing at each line. */
    static PrintWriter standardOutput() {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter((OutputStream) System.out, stdoutCharset())), true);
    }

    /** {@code sun.stdout.encoding} when set ({@code cp65001} is UTF-8), else the default charset, as picocli 4.7 does. */
    static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        if (name == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
