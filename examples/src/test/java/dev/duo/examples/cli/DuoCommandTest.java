package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.admin.DuoConfigLoader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DuoCommandTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNamesAndTheNamesMatchTheCommands() {
        CliEnvironment env = new CliEnvironment(Map.of(), dir, new ByteArrayInputStream(new byte[0]), false, false);
        assertThat(DuoCommand.commandLine(env).getSubcommands().keySet()).containsExactlyElementsOf(DuoCommand.SUBCOMMANDS);
        for (String name : DuoCommand.SUBCOMMANDS) {
            Object command = DuoCommand.commandLine(env).getSubcommands().get(name).getCommandSpec().userObject();
            String declared = command.getClass().getAnnotation(CommandLine.Command.class).name();
            assertThat(declared).as("the @Command name of " + command.getClass().getSimpleName()).isEqualTo(name);
        }
        assertThat(DuoCommand.forArguments(env, "--config", "features", "models", "list").getSubcommands().keySet())
                .containsExactly("models");
        assertThat(DuoCommand.forArguments(env, "--verbose", "features", "list").getSubcommands().keySet())
                .containsExactly("features");
        for (String[] all : new String[][] {{}, {"--help"}, {"featurs", "list"}, {"help", "features"}}) {
            assertThat(DuoCommand.forArguments(env, all).getSubcommands().keySet()).as(String.join(" ", all))
                    .containsExactlyElementsOf(DuoCommand.SUBCOMMANDS);
        }
        Cli.Result lazy = cli().run("features", "list", "--json");
        Cli.Result full = cli().run(cli().commandLine(), "features", "list", "--json");
        assertThat(lazy.code()).isZero();
        assertThat(lazy.out()).isEqualTo(full.out()).contains("code_generations");
    }

    @Test
    void configIsAcceptedAnywhereOnTheLine() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        assertThat(cli().run("--config", "conf/a.yml", "models", "seed").code()).isZero();
        assertThat(cli().run("models", "--config", "conf/b.yml", "seed").code()).isZero();
        assertThat(cli().run("models", "seed", "--config", "conf/c.yml").code()).isZero();
        for (String f : List.of("a", "b", "c")) {
            assertThat(DuoConfigLoader.load(dir.resolve("conf/" + f + ".yml"), Map.of(), dir).models().size()).isEqualTo(14);
        }
        assertThat(dir.resolve("duo.yml")).doesNotExist();

        Cli.Result list = cli().run("models", "list", "--json", "--config", "conf/a.yml");
        assertThat(list.out()).contains("Mixtral 8x22b [Fireworks AI]");
    }

    @Test
    void duoConfigNamesTheFileWhenNoOptionDoes() throws Exception {
        Path file = Files.createDirectories(dir.resolve("etc")).resolve("duo.yml");
        Cli.Result r = cli().env("DUO_CONFIG", file.toString()).run("models", "seed");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(file).exists();
        assertThat(dir.resolve("duo.yml")).doesNotExist();
    }

    @Test
    void aMissingConfigFileForReadingSaysHowToCreateIt() {
        Cli.Result r = cli().run("models", "list", "--config", "nope.yml");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope.yml", "does not exist", "duo models seed");
    }

    @Test
    void usageErrorsExitTwo() {
        Cli.Result option = cli().run("models", "list", "--jsn");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '--jsn'", "--json", "duo models list --help");

        Cli.Result sub = cli().run("modls", "list");
        assertThat(sub.code()).isEqualTo(2);
        assertThat(sub.err()).contains("modls", "models");

        Cli.Result missing = cli().run("features", "assign", "duo_chat");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--model");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine root = DuoCommand.commandLine(new CliEnvironment(Map.of(), dir, new ByteArrayInputStream(new byte[0]),
                false, false));
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        assertThat(all).hasSizeGreaterThan(15);
        for (CommandLine c : all) {
            if (c.getCommandName().equals("help")) {
                continue;
            }
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(usage).as(c.getCommandSpec().qualifiedName()).contains("Examples:", "--help", "--config");
        }
        Cli.Result help = cli().run("models", "add", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: duo models add", "Examples:", "--api-key-env");
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, into));
    }

    @Test
    void coloursOnlyOnATerminalAndNeverWithNoColor() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), "features: { duo_chat: { provider: self_hosted, model: nope } }\n");
        Cli.Result plain = cli().run("verify");
        assertThat(plain.out() + plain.err()).doesNotContain("\u001B[");

        Cli.Result coloured = cli().terminal(true).run("verify");
        assertThat(coloured.out()).contains("\u001B[");

        Cli.Result noColor = cli().terminal(true).env("NO_COLOR", "1").run("verify");
        assertThat(noColor.out() + noColor.err()).doesNotContain("\u001B[");
    }

    @Test
    void concurrentCommandsLoseNoUpdate() throws Exception {
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Cli.Result>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "m" + i;
                results.add(pool.submit(() -> cli().run("models", "add", "--name", name, "--family", "gpt",
                        "--identifier", "openai/gpt-4o")));
            }
            for (Future<Cli.Result> f : results) {
                Cli.Result r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.code()).as(r.toString()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().size()).isEqualTo(n);
    }

    @Test
    void noArgumentsPrintsUsage() {
        Cli.Result r = cli().run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: duo", "models", "features", "verify", "generate", "chat");
    }
}
