package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code duo features list} without picocli prints, fails and exits exactly as the run through picocli does. */
class ListingShortcutTest {

    @TempDir
    Path dir;

    /** The line through the shortcut, as {@code Duo.main} runs it, with captured output. */
    private Cli.Result shortcut(Map<String, String> env, String... args) {
        CliEnvironment environment = new CliEnvironment(env, dir, new ByteArrayInputStream(new byte[0]), false, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ListingShortcut.run(environment, args, new PrintWriter(out, true), line -> {
            CommandLine cl = DuoCommand.forArguments(environment, line);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl;
        });
        return new Cli.Result(code, out.toString(), err.toString());
    }

    private Cli.Result picocli(Map<String, String> env, String... args) {
        Cli cli = new Cli(dir);
        env.forEach(cli::env);
        return cli.run(args);
    }

    private void sameBothWays(Map<String, String> env, String... args) {
        Cli.Result fast = shortcut(env, args);
        Cli.Result full = picocli(env, args);
        assertThat(fast.code()).as(String.join(" ", args)).isNotEqualTo(ListingShortcut.NOT_SERVED);
        // With --verbose the stack trace's frames differ (the shortcut calls the listing itself): the rest may not.
        assertThat(withoutFrames(fast)).as(String.join(" ", args)).isEqualTo(withoutFrames(full));
    }

    private static Cli.Result withoutFrames(Cli.Result r) {
        return new Cli.Result(r.code(), r.out(), r.err().replaceAll("(?m)^\\t(at |\\.\\.\\. ).*\\R", ""));
    }

    private static final List<String[]> LINES = List.of(
            new String[] {"features", "list"},
            new String[] {"features", "list", "--json"},
            new String[] {"--verbose", "features", "list"},
            new String[] {"--config", "conf/duo.yml", "features", "list"},
            new String[] {"--config=conf/duo.yml", "--verbose", "features", "list", "--json"});

    @Test
    void withoutConfigurationWithSettingsAndWithTheBetaOptIn() throws Exception {
        for (String[] line : LINES) {
            sameBothWays(Map.of(), line);
        }
        Files.createDirectories(dir.resolve("conf"));
        String yml = """
                beta_models_enabled: true
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                  - { name: codestral, family: codestral, identifier: fireworks_ai/codestral }
                features:
                  code_generation: { provider: self_hosted, model: codestral, fallback_models: [mixtral] }
                  duo_chat: { provider: disabled }
                """;
        Files.writeString(dir.resolve("duo.yml"), yml);
        Files.writeString(dir.resolve("conf/duo.yml"), yml.replace("beta_models_enabled: true", "beta_models_enabled: false"));
        for (String[] line : LINES) {
            sameBothWays(Map.of(), line);
        }
        sameBothWays(Map.of("DUO_CONFIG", dir.resolve("conf/duo.yml").toString()), "features", "list");
        assertThat(shortcut(Map.of(), "features", "list").out()).contains("codestral, then mixtral", "disabled");
    }

    @Test
    void aBrokenOrMissingConfigurationIsReportedAsPicocliReportsIt() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), "modles: []\n");
        for (String[] line : LINES) {
            if (!String.join(" ", line).contains("conf/")) {
                Cli.Result fast = shortcut(Map.of(), line);
                assertThat(fast.code()).isEqualTo(1);
                assertThat(fast.err()).contains("modles");
                assertThat(fast.out()).isEmpty();
                sameBothWays(Map.of(), line);
            }
        }
        Files.writeString(dir.resolve("duo.yml"), "models: [\n");
        sameBothWays(Map.of(), "features", "list");
        // --config naming a file that is not there.
        sameBothWays(Map.of(), "--config", "conf/duo.yml", "features", "list");
        assertThat(shortcut(Map.of(), "--config", "conf/duo.yml", "features", "list").err()).contains("does not exist");
        // --verbose adds the stack trace, as it does through picocli.
        Cli.Result verbose = shortcut(Map.of(), "--verbose", "--config", "conf/duo.yml", "features", "list");
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void everyOtherLineIsLeftToPicocli() {
        for (String[] line : new String[][] {{}, {"features"}, {"features", "list", "-h"}, {"features", "list", "--help"},
                {"features", "list", "--json", "--json"}, {"features", "--json", "list"}, {"features", "list", "x"},
                {"features", "list", "--config", "a.yml"}, {"features", "show", "code_generation"}, {"models", "list"},
                {"--config", "features", "list"}, {"--config", "--verbose", "features", "list"}, {"--config=", "features", "list"},
                {"--config", "a", "--config", "b", "features", "list"}, {"--verbose", "--verbose", "features", "list"},
                {"--version", "features", "list"}, {"-h"}, {"help", "features", "list"}, {"featurs", "list"}}) {
            assertThat(ListingShortcut.parse(line)).as(String.join(" ", line)).isNull();
            assertThat(shortcut(Map.of(), line).code()).isEqualTo(ListingShortcut.NOT_SERVED);
        }
        assertThat(ListingShortcut.parse(new String[] {"--config", "a.yml", "--verbose", "features", "list", "--json"}))
                .isEqualTo(new ListingShortcut.Line("a.yml", true));
    }

    @Test
    void theOutputWriterFollowsPicocliEncodingRule() {
        String saved = System.getProperty("sun.stdout.encoding");
        try {
            System.setProperty("sun.stdout.encoding", "cp65001");
            assertThat(ListingShortcut.stdoutCharset()).isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
            System.setProperty("sun.stdout.encoding", "ISO-8859-1");
            assertThat(ListingShortcut.stdoutCharset()).isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.setProperty("sun.stdout.encoding", "no-such-charset");
            assertThat(ListingShortcut.stdoutCharset()).isEqualTo(java.nio.charset.Charset.defaultCharset());
            System.clearProperty("sun.stdout.encoding");
            assertThat(ListingShortcut.stdoutCharset()).isEqualTo(java.nio.charset.Charset.defaultCharset());
        } finally {
            if (saved == null) {
                System.clearProperty("sun.stdout.encoding");
            } else {
                System.setProperty("sun.stdout.encoding", saved);
            }
        }
    }
}
