package dev.duo.examples.cli;

import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.UnknownFeatureException;
import dev.duo.UnknownModelException;
import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigStore;
import dev.duo.config.FeatureSettings;
import dev.duo.config.SettingsStore;
import dev.duo.config.SettingsStores;
import dev.duo.feature.FeatureRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the {@code duo} command line. Subcommands are registered in one place,
 * {@link #commandLine(CliEnvironment, UnaryOperator)}; each reaches the environment, the
 * configuration and the client through this object, so nothing reads statics and tests run
 * every command in-process.
 *
 * <pre>{@code
 * int code = DuoCommand.commandLine(CliEnvironment.system()).execute("models", "list", "--json");
 * }</pre>
 */
@Command(name = "duo", mixinStandardHelpOptions = true, version = "duo 0.1.0",
        description = "Run GitLab-Duo-style AI features on self-hosted models: set up models and feature "
                + "settings in duo.yml, check them, and call features.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  duo models seed                      add the development catalog of models",
            "  duo features assign code_generation --model \"Mixtral 8x22b [Fireworks AI]\"",
            "  duo verify --probe                   check every feature end to end",
            "  duo generate code_generation --input user_instruction='a CSV parser' --stream",
            "  duo eval --feature duo_chat_explain_code --dataset cases.jsonl --judge J --threshold 0.8",
            "",
            "Exit codes: 0 success, 1 error, 2 usage error; duo eval: 3 yellow, 4 red."})
public final class DuoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The duo.yml to read and write (default: $DUO_CONFIG, else ./duo.yml).")
    Path configFile;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    private final CliEnvironment environment;
    private final UnaryOperator<DuoClient.Builder> clientCustomizer;

    /** A root command for this environment, whose client is built from the options and environment. */
    public DuoCommand(CliEnvironment environment) {
        this(environment, UnaryOperator.identity());
    }

    /**
     * A root command whose {@link DuoClient} gets {@code clientCustomizer} applied to its builder last
     * (tests pass {@code b -> b.modelClient(fake)}).
     */
    public DuoCommand(CliEnvironment environment, UnaryOperator<DuoClient.Builder> clientCustomizer) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clientCustomizer = Objects.requireNonNull(clientCustomizer, "clientCustomizer");
    }

    /** The command line with every subcommand, error handler and colour scheme set up. */
    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, UnaryOperator.identity());
    }

    /** As {@link #commandLine(CliEnvironment)}, customising the {@link DuoClient} that model-calling commands build. */
    public static CommandLine commandLine(CliEnvironment environment, UnaryOperator<DuoClient.Builder> clientCustomizer) {
        return commandLine(environment, clientCustomizer, name -> true);
    }

    /**
     * The command line for one run with these arguments: when they name a subcommand, only that one is
     * built (picocli builds every command's model from its annotations up front, which was half of
     * {@code duo features list}'s start-up); without one (help, usage, a mistyped name) every subcommand.
     */
    public static CommandLine forArguments(CliEnvironment environment, String... args) {
        return forArguments(environment, UnaryOperator.identity(), args);
    }

    /** As {@link #forArguments(CliEnvironment, String...)}, customising the client as {@link #commandLine(CliEnvironment, UnaryOperator)} does. */
    public static CommandLine forArguments(CliEnvironment environment, UnaryOperator<DuoClient.Builder> clientCustomizer,
            String... args) {
        String named = subcommandNamed(args);
        return commandLine(environment, clientCustomizer, named == null || named.equals("help") ? name -> true : named::equals);
    }

    /** The first argument that is not a root option (nor --config's value), if it names a subcommand; else null. */
    static String subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                i++;
            } else if (!a.startsWith("-")) {
                return SUBCOMMANDS.contains(a) ? a : null;
            }
        }
        return null;
    }

    /** Every subcommand's name, as each one's {@code @Command(name)} says (DuoCommandTest checks the two agree). */
    static final List<String> SUBCOMMANDS = List.of("models", "features", "settings", "verify", "generate", "chat",
            "prompts", "demo", "fake-server", "eval", "help");

    private static CommandLine commandLine(CliEnvironment environment, UnaryOperator<DuoClient.Builder> clientCustomizer,
            java.util.function.Predicate<String> wanted) {
        DuoCommand root = new DuoCommand(environment, clientCustomizer);
        CommandLine cl = new CommandLine(root);
        // Every subcommand is registered here, in one place (by name, so that a run builds only its own).
        add(cl, wanted, "models", ModelsCommand::new);
        add(cl, wanted, "features", FeaturesCommand::new);
        add(cl, wanted, "settings", SettingsCommand::new);
        add(cl, wanted, "verify", VerifyCommand::new);
        add(cl, wanted, "generate", GenerateCommand::new);
        add(cl, wanted, "chat", ChatCommand::new);
        add(cl, wanted, "prompts", PromptsCommand::new);
        add(cl, wanted, "demo", DemoCommand::new);
        add(cl, wanted, "fake-server", FakeServerCommand::new);
        add(cl, wanted, "eval", EvalCommand::new);
        add(cl, wanted, "help", CommandLine.HelpCommand::new);
        Help.Ansi ansi = environment.colours() ? Help.Ansi.ON : Help.Ansi.OFF;
        cl.setColorScheme(Help.defaultColorScheme(ansi));
        cl.setExecutionExceptionHandler(root::handleExecutionException);
        cl.setParameterExceptionHandler(root::handleParameterException);
        return cl;
    }

    private static void add(CommandLine cl, java.util.function.Predicate<String> wanted, String name,
            java.util.function.Supplier<Object> command) {
        if (wanted.test(name)) {
            cl.addSubcommand(name, command.get());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut(), ansi());
    }

    /** The environment this command runs in. */
    CliEnvironment environment() {
        return environment;
    }

    /** Colours on a terminal without NO_COLOR, else none. */
    Help.Ansi ansi() {
        return environment.colours() ? Help.Ansi.ON : Help.Ansi.OFF;
    }

    /** The --config file, resolved against the working directory; null when not given. */
    Path explicitConfigFile() {
        return configFile == null ? null : environment.workingDirectory().resolve(configFile);
    }

    /** The configuration as a client would see it: file, then environment (and the store the file names). */
    DuoConfig config() {
        return SettingsStores.load(explicitConfigFile(), environment.variables(), environment.workingDirectory());
    }

    /** The features of {@code config}: the bundled ones and the user's metadata files. */
    FeatureRegistry features(DuoConfig config) {
        return FeatureRegistry.load(config.featureMetadata());
    }

    /** The feature settings of {@code config}, with its features. */
    FeatureSettings settings(DuoConfig config) {
        return new FeatureSettings(features(config), config);
    }

    /**
     * The store that writes go through: duo.yml, or the settings store it names; its notices go to
     * standard error. The caller closes it.
     */
    SettingsStore store() {
        PrintWriter err = spec.commandLine().getErr();
        DuoConfigStore file = DuoConfigStore.open(explicitConfigFile(), environment.variables(), environment.workingDirectory())
                .withNotices(n -> {
                    err.println("note: " + n);
                    err.flush();
                });
        return SettingsStores.of(file, environment.variables());
    }

    /** A client for model-calling commands; the caller closes it. */
    DuoClient client() {
        DuoClient.Builder b = DuoClient.builder()
                .environment(environment.variables())
                .workingDirectory(environment.workingDirectory());
        Path file = explicitConfigFile();
        if (file != null) {
            b.configFile(file);
        }
        return clientCustomizer.apply(b).build();
    }

    private int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String prefix = ansi().string("@|bold,red error:|@ ");
        if (namesAnArgument(e, parsed.originalArgs())) {
            // A feature or model typed on the command line that does not exist is a mistake in the command
            // line, like an unknown option: a usage error (2), as a wrong --input is.
            return handleParameterException(new CommandLine.ParameterException(cl, e.getMessage(), e),
                    parsed.originalArgs().toArray(new String[0]));
        }
        if (e instanceof CliException || e instanceof DuoException) {
            err.println(prefix + oneLine(e.getMessage()));
        } else if (e instanceof UncheckedIOException io) {
            err.println(prefix + oneLine(io.getMessage()));
        } else {
            err.println(prefix + "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()))
                    + (verbose ? "" : " (run again with --verbose for the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(ansi().string("@|bold,red error:|@ ") + oneLine(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 2;
    }

    // Whether e is about a feature or model name the user typed on the command line (not one read from duo.yml).
    private static boolean namesAnArgument(Throwable e, List<String> args) {
        Throwable unknown = e;
        while (unknown != null && !(unknown instanceof UnknownFeatureException || unknown instanceof UnknownModelException)) {
            unknown = unknown.getCause();
        }
        if (unknown == null || unknown.getMessage() == null) {
            return false;
        }
        for (String arg : args) {
            String value = arg.startsWith("-") && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg;
            if (!value.isEmpty() && unknown.getMessage().contains("'" + value + "'")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message on one line, unless it quotes a file with a caret under the column at fault
     * (a YAML syntax error): then its lines are kept, since squashing them moves the caret.
     */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        if (CARET_LINE.matcher(message).find()) {
            return message.stripTrailing();
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static final java.util.regex.Pattern CARET_LINE = java.util.regex.Pattern.compile("(?m)^\\s*\\^\\s*$");
}
