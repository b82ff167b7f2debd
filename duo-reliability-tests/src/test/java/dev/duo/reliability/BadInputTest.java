package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.examples.cli.CliEnvironment;
import dev.duo.examples.cli.DuoCommand;
import dev.duo.model.ModelFamily;
import dev.duo.model.Timeouts;
import dev.duo.call.RetryPolicy;
import dev.duo.admin.PromptProblem;
import dev.duo.prompt.PromptRegistry;
import dev.duo.testkit.FakeModelClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Bad input across configuration, prompts, the Java API and the command line, each with the exact
 * error it gets. The cases double as the README's table: {@code target/reliability/bad-inputs.md}
 * is written from them. Each must end in the named, typed error whose message contains the given
 * words (the table shows the whole message, with the temporary directory written {@code <dir>}).
 */
class BadInputTest {

    /** A thing to do that must fail: returns "Type: message" of what it got. */
    interface Attempt {
        String run(Path dir) throws Exception;
    }

    record Case(String area, String input, String expectedType, String expectedWords, Attempt attempt) {
        @Override
        public String toString() {
            return area + ": " + input;
        }
    }

    static final List<String> ROWS = new ArrayList<>();

    static final String MODEL = "models:\n  - { name: m, family: mixtral, identifier: custom_openai/mixtral,"
            + " endpoint: 'http://127.0.0.1:9/v1' }\n";
    static final String ASSIGNED = MODEL + "features:\n  code_generations: { provider: self_hosted, model: m }\n";
    static final Map<String, Object> GOOD = Map.of("user_instruction", "add two numbers");

    static Stream<Case> cases() {
        return Stream.of(
                // ---- configuration (duo.yml) ----
                config("a misspelt top-level key", "modelz: []\n", "InvalidConfigException", "modelz"),
                config("YAML that does not parse", "features:\n  code_generations: { provider: self_hosted, model: Mixtral [x] }\n",
                        "InvalidConfigException", "line 2"),
                config("tabs for indentation", "models:\n\t- { name: m }\n", "InvalidConfigException", "line"),
                config("an unknown model family", "models:\n  - { name: m, family: gpt5, identifier: openai/x }\n",
                        "InvalidConfigException", "gpt5"),
                config("a model without identifier", "models:\n  - { name: m, family: gpt }\n", "InvalidConfigException", "identifier"),
                config("an identifier with no platform", "models:\n  - { name: m, family: gpt, identifier: just-a-name }\n",
                        "InvalidConfigException", "just-a-name"),
                config("two models with one name", "models:\n  - { name: m, family: gpt, identifier: openai/x }\n"
                        + "  - { name: m, family: gpt, identifier: openai/y }\n", "InvalidConfigException", "m"),
                config("a negative timeout", "models:\n  - { name: m, family: gpt, identifier: openai/x, timeouts: { attempt: -5s } }\n",
                        "InvalidConfigException", "timeouts.attempt"),
                config("an absurd timeout", "models:\n  - { name: m, family: gpt, identifier: openai/x, timeouts: { idle: 900h } }\n",
                        "InvalidConfigException", "at most 1 day"),
                config("a timeout that is not a duration", "models:\n  - { name: m, family: gpt, identifier: openai/x, timeouts: { connect: fast } }\n",
                        "InvalidConfigException", "fast"),
                config("models as a map, not a list", "models: { m: 1 }\n", "InvalidConfigException", "models"),
                config("a yes/no that is neither", "beta_models_enabled: maybe\n", "InvalidConfigException", "maybe"),
                call("an unknown feature key in duo.yml", MODEL + "features:\n  code_generationz: { provider: disabled }\n",
                        "code_generation", GOOD, "InvalidConfigException", "code_generationz"),
                config("an unknown provider kind", "features:\n  code_generations: { provider: cloud }\n", "InvalidConfigException", "cloud"),
                call("a feature on a model that does not exist", MODEL + "features:\n  code_generations: { provider: self_hosted, model: nope }\n",
                        "code_generation", GOOD, "UnknownModelException", "nope"),
                config("a list where text belongs", "models:\n  - { name: [a, b], family: gpt, identifier: openai/x }\n",
                        "InvalidConfigException", "name"),
                config("an empty replica list", "models:\n  - { name: m, family: mistral, identifier: custom_openai/x, endpoints: [] }\n",
                        "InvalidConfigException", "empty endpoints list"),
                config("one replica listed twice", "models:\n  - { name: m, family: mistral, identifier: custom_openai/x,"
                        + " endpoints: ['http://vllm-0:8000/v1', 'HTTP://vllm-0:8000/v1/'] }\n", "InvalidConfigException",
                        "lists the same replica twice in endpoints"),
                config("endpoint and endpoints together", "models:\n  - { name: m, family: mistral, identifier: custom_openai/x,"
                        + " endpoint: 'http://vllm-0:8000/v1', endpoints: ['http://vllm-1:8000/v1'] }\n", "InvalidConfigException",
                        "sets both endpoint and endpoints"),
                call("a plain-HTTP replica that is not loopback", "models:\n  - { name: m, family: mixtral, identifier: custom_openai/mixtral,"
                        + " endpoints: ['http://127.0.0.1:9/v1', 'http://10.1.2.3/v1'], api_key: sk-literal-key }\n"
                        + "features:\n  code_generations: { provider: self_hosted, model: m }\n",
                        "code_generation", GOOD, "ConfigurationException", "http://10.1.2.3/v1"),
                new Case("config", "DUO_CONFIG that is not a path", "InvalidConfigException", "not a usable path",
                        dir -> describe(() -> DuoConfigLoader.load(null, Map.of("DUO_CONFIG", "duo\u0000.yml"), dir))),
                new Case("config", "--config naming a file that does not exist", "InvalidConfigException", "missing.yml",
                        dir -> describe(() -> DuoConfigLoader.load(dir.resolve("missing.yml"), Map.of(), dir))),
                new Case("config", "DUO_CONFIG naming a directory", "InvalidConfigException", "is a directory, not a file",
                        dir -> describe(() -> DuoConfigLoader.load(null, Map.of("DUO_CONFIG", dir.toString()), dir))),
                call("an api_key variable that is not set", MODEL.replace(" }\n", ", api_key: '${NOT_SET_ANYWHERE}' }\n")
                        + "features:\n  code_generations: { provider: self_hosted, model: m }\n", "code_generation", GOOD,
                        "MissingCredentialsException", "NOT_SET_ANYWHERE"),
                call("a plain-HTTP endpoint that is not loopback", "models:\n  - { name: m, family: mixtral, identifier: custom_openai/mixtral,"
                        + " endpoint: 'http://10.1.2.3/v1', api_key: sk-literal-key }\nfeatures:\n  code_generations: { provider: self_hosted, model: m }\n",
                        "code_generation", GOOD, "ConfigurationException", "allow_insecure_endpoint"),
                call("an endpoint that is not http(s)", MODEL.replace("http://127.0.0.1:9/v1", "ftp://127.0.0.1/v1")
                        + "features:\n  code_generations: { provider: self_hosted, model: m }\n", "code_generation", GOOD,
                        "InvalidConfigException", "ftp://127.0.0.1/v1"),
                call("custom models off, a custom endpoint", "custom_models_enabled: false\n" + ASSIGNED, "code_generation", GOOD,
                        "ConfigurationException", "custom"),
                call("an http.proxy that is not a URL", "http: { proxy: 'not a url' }\n" + ASSIGNED, "code_generation", GOOD,
                        "InvalidConfigException", "proxy"),
                call("an http.truststore that does not exist", "http: { truststore: /nonexistent/ca.pem }\n" + ASSIGNED,
                        "code_generation", GOOD, "ConfigurationException", "truststore"),
                // ---- feature metadata ----
                metadata("a feature without a prompt", "features:\n  - key: my_feature\n    title: Mine\n"
                        + "    release_state: GA\n    category: Mine\n    families: [gpt]\n", "prompt"),
                metadata("a feature of an unknown family", "features:\n  - key: my_feature\n    title: Mine\n"
                        + "    release_state: GA\n    category: Mine\n    families: [gpt9]\n"
                        + "    prompt: { id: chat/explain_code, version: ^1.0.0 }\n", "gpt9"),
                metadata("a feature with a misspelt field", "features:\n  - key: my_feature\n    titel: Mine\n", "titel"),
                // ---- prompts ----
                prompt("a definition that does not parse", "prompt_template:\n  user: hi\n system: [unclosed\n", "malformed YAML"),
                prompt("a misspelt parameter", "model:\n  params:\n    temprature: 0.1\nprompt_template:\n  user: hi\n", "temprature"),
                prompt("an unknown role", "prompt_template:\n  user: hi\n  sytem: x\n", "unknown role 'sytem'"),
                prompt("a template that does not parse", "prompt_template:\n  user: '{% if x %}never closed'\n", "endif"),
                prompt("a template with an empty tag", "prompt_template:\n  user: 'a {%} b'\n", "template syntax error"),
                new Case("prompts", "a version constraint that is not one", "PromptNotFoundException", "",
                        dir -> describe(() -> PromptRegistry.bundled().select("code_suggestions/generations", ModelFamily.MIXTRAL, "^^1.x"))),
                new Case("prompts", "a prompt id that does not exist", "PromptNotFoundException", "no/such/prompt",
                        dir -> describe(() -> PromptRegistry.bundled().select("no/such/prompt", ModelFamily.MIXTRAL, "^1.0.0"))),
                // ---- the Java API ----
                call("an unknown feature", ASSIGNED, "code_generatoin", GOOD, "UnknownFeatureException", "code_generatoin"),
                call("a required input missing", ASSIGNED, "code_generation", Map.of("language", "java"),
                        "InvalidInputException", "user_instruction"),
                call("text where a list is expected", ASSIGNED, "code_generation",
                        Map.of("user_instruction", "x", "related_files", "A.java"), "InvalidInputException", "related_files"),
                call("text where a conversation is expected", "models:\n  - { name: m, family: mixtral, identifier: custom_openai/mx,"
                        + " endpoint: 'http://127.0.0.1:9/v1' }\nfeatures:\n  duo_chat: { provider: self_hosted, model: m }\n", "duo_chat",
                        Map.of("messages", "hi"), "InvalidInputException", "messages"),
                call("an input the feature does not take", ASSIGNED, "code_generation",
                        Map.of("user_instruction", "x", "user_instructions", "y"), "InvalidInputException", "user_instructions"),
                call("a disabled feature", MODEL + "features:\n  code_generations: { provider: disabled }\n", "code_generation", GOOD,
                        "FeatureUnavailableException", "disabled"),
                call("a feature with no model assigned", MODEL, "code_generation", GOOD, "FeatureUnavailableException", ""),
                call("a model of an incompatible family", "models:\n  - { name: m, family: codegemma, identifier: custom_openai/cg,"
                        + " endpoint: 'http://127.0.0.1:9/v1' }\nfeatures:\n  duo_chat: { provider: self_hosted, model: m }\n", "duo_chat",
                        Map.of("messages", List.of(Message.user("hi"))), "IncompatibleModelException", "codegemma"),
                call("a beta feature without the beta opt-in", MODEL
                        + "features:\n  generate_commit_message: { provider: self_hosted, model: m }\n", "generate_commit_message",
                        Map.of("diff", "+x"), "BetaNotEnabledException", "beta_models_enabled"),
                new Case("Java API", "RetryPolicy with 0 attempts", "IllegalArgumentException", "retry.max_attempts",
                        dir -> describe(() -> RetryPolicy.DEFAULTS.withMaxAttempts(0))),
                new Case("Java API", "Timeouts of zero", "IllegalArgumentException", "timeouts.attempt must be positive",
                        dir -> describe(() -> Timeouts.DEFAULTS.withAttempt(Duration.ZERO))),
                new Case("Java API", "a temperature of 7", "IllegalArgumentException", "temperature",
                        dir -> describe(() -> ModelParams.builder().temperature(7.0).build())),
                // ---- the command line ----
                cli("an unknown command", "InvalidUsage", "bogus", "bogus"),
                cli("generate without a feature", "InvalidUsage", "", "generate"),
                cli("--config naming a missing file", "Error", "missing.yml", "--config", "missing.yml", "features", "list"),
                cli("--input without '='", "InvalidUsage", "noequals", "generate", "code_generation", "--input", "noequals"),
                cli("assign an unknown model", "InvalidUsage", "Nope", "features", "assign", "code_generation", "--model", "Nope"),
                cli("an unknown feature", "InvalidUsage", "code_generatoin", "features", "show", "code_generatoin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputGetsItsTypedError(Case c, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String got = c.attempt().run(dir).replace(dir.toString(), "<dir>").replace(dir.toRealPath().toString(), "<dir>");
        synchronized (ROWS) {
            ROWS.add("| " + c.area() + " | " + c.input() + " | `" + got.replace("|", "\\|").replace("\n", " ") + "` |");
        }
        assertThat(got).startsWith(c.expectedType() + ": ").contains(c.expectedWords());
        assertThat(got).doesNotContain("NullPointerException").doesNotContain("\tat ");
    }

    @AfterAll
    static void writeTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| where | bad input | error |");
        rows.add("|---|---|---|");
        rows.addAll(ROWS);
        Reports.write("bad-inputs.md", rows, ROWS.size() + " bad inputs, each with the exact error it gets:");
    }

    // ---- case builders ----

    static Case config(String input, String yml, String type, String words) {
        return new Case("duo.yml", input + ": `" + yml.strip().replace("\n", "⏎") + "`", type, words,
                dir -> describe(() -> DuoConfigLoader.load(write(dir, yml), Map.of(), dir)));
    }

    static Case call(String input, String yml, String feature, Map<String, ?> inputs, String type, String words) {
        return new Case("Java API", input, type, words, dir -> describe(() -> {
            try (DuoClient duo = DuoClient.builder().configFile(write(dir, yml)).environment(Map.of()).workingDirectory(dir)
                    .build()) {
                return duo.feature(feature).generate(inputs);
            }
        }));
    }

    static Case metadata(String input, String yml, String words) {
        return new Case("feature metadata", input, "InvalidConfigException", words, dir -> {
            Files.writeString(dir.resolve("mine.yml"), yml);
            return describe(() -> DuoClient.builder().configFile(write(dir, "feature_metadata: [ mine.yml ]\n"))
                    .environment(Map.of()).workingDirectory(dir).build().features());
        });
    }

    static Case prompt(String input, String definition, String words) {
        return new Case("prompts", input, "PromptProblem", words, dir -> {
            Path p = dir.resolve("chat/fix_code/mistral/1.0.0.yml");
            Files.createDirectories(p.getParent());
            Files.writeString(p, definition);
            List<PromptProblem> problems = PromptRegistry.load(List.of(dir)).problems();
            return problems.isEmpty() ? "no problem reported" : "PromptProblem: " + problems.get(0).describe();
        });
    }

    static Case cli(String input, String type, String words, String... args) {
        return new Case("duo CLI", input + ": `duo " + String.join(" ", args) + "`", type, words, dir -> {
            CommandLine cl = DuoCommand.commandLine(new CliEnvironment(Map.of(), dir, InputStream.nullInputStream(), false, false));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            String first = err.toString().strip().lines().findFirst().orElse("(nothing on stderr)");
            return (code == 2 ? "InvalidUsage" : code == 1 ? "Error" : "exit " + code) + ": exit " + code + ", " + first;
        });
    }

    static Path write(Path dir, String yml) throws Exception {
        Path f = dir.resolve("duo.yml");
        Files.writeString(f, yml);
        return f;
    }

    interface Action {
        Object run() throws Exception;
    }

    static String describe(Action a) {
        try {
            Object o = a.run();
            return "no error: " + o;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
