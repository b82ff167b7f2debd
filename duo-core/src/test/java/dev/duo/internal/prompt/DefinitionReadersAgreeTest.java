package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.prompt.GatewayCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand binder ({@link PromptYamlBinder}) and Jackson's strict binding ({@link JacksonDefinitionReader})
 * agree: on every bundled prompt file, every test prompt file and every gateway definition the binder
 * binds the file itself and gets Jackson's very value and template positions; on odd and broken files it
 * either agrees or declines, and {@link DefinitionReader} then gives Jackson's result or message.
 */
class DefinitionReadersAgreeTest {

    /** Jackson's outcome: the value, or the message it throws. */
    private static Object jackson(String text) {
        try {
            return JacksonDefinitionReader.read("f.yml", text);
        } catch (TemplateException e) {
            return "error: " + e.getMessage();
        }
    }

    private static Object reader(String text) {
        try {
            return DefinitionReader.read("f.yml", text);
        } catch (TemplateException e) {
            return "error: " + e.getMessage();
        }
    }

    private static Map<String, String> files() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : PromptRoot.classpath().files()) {
            if (path.endsWith(".yml")) {
                out.put("bundled " + path, PromptRoot.classpath().read(path));
            }
        }
        Path tests = Path.of("src/test/resources/prompts");
        try (Stream<Path> walk = Files.walk(tests)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                out.put(p.toString(), Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void everyBundledAndTestPromptFileIsBoundByHandExactlyAsJacksonBindsIt() throws IOException {
        Map<String, String> files = files();
        assertThat(files.keySet().stream().filter(k -> k.startsWith("bundled "))).hasSizeGreaterThanOrEqualTo(20);
        assertThat(files).hasSizeGreaterThan(30);
        files.forEach((name, text) -> {
            Object reference = jackson(text);
            PromptYaml bound = PromptYamlBinder.bind(text);
            if (reference instanceof String error) {
                assertThat(bound).as(name + " is broken for Jackson (" + error + "), the binder must decline").isNull();
                return;
            }
            assertThat(bound).as(name + " must be bound by hand (no Jackson on the start-up path)").isNotNull();
            assertThat(bound).as(name).isEqualTo(reference);
            assertThat(PromptYamlBinder.templatePositions(text)).as(name)
                    .isEqualTo(JacksonDefinitionReader.templatePositions(text));
        });
    }

    @Test
    void everyGatewayDefinitionIsBoundByHandExactlyAsJacksonBindsIt() throws IOException {
        Path corpus = GatewayCorpus.locate().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(corpus != null, GatewayCorpus.ABSENT);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus.resolve("definitions"))) {
            files = walk.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(200);
        List<String> declined = new ArrayList<>();
        for (Path p : files) {
            String text = Files.readString(p);
            Object reference = jackson(text);
            PromptYaml bound = PromptYamlBinder.bind(text);
            if (bound == null) {
                declined.add(p + ": " + reference);
                continue;
            }
            assertThat(bound).as(p.toString()).isEqualTo(reference);
            assertThat(PromptYamlBinder.templatePositions(text)).as(p.toString())
                    .isEqualTo(JacksonDefinitionReader.templatePositions(text));
        }
        assertThat(declined).as("gateway files the binder left to Jackson").isEmpty();
    }

    /** Odd, unusual and broken files: the binder agrees with Jackson or leaves the file to it. */
    static Stream<String> oddFiles() {
        String t = "prompt_template:\n  user: hi\n";
        return Stream.of(
                "", "---\n", "# only a comment\n", "just text\n", "- a\n- b\n", "name: [\n",
                "prompt_template:\n  user: hi\n system: [unclosed\n",
                "name: Fix\nmodel:\n  params:\n    temprature: 0.1\n" + t,
                "nmae: x\n" + t,
                "model:\n  nmae: x\n" + t,
                "params:\n  timeot: 3\n" + t,
                "name: 5\n" + t, "name: true\n" + t, "name: yes\n" + t, "name: 2001-12-14\n" + t, "name: ~\n" + t,
                "name:\n" + t, "name: ''\n" + t, "name: \"\"\n" + t, "name: 'null'\n" + t, "name: {a: 1}\n" + t,
                "name: [a]\n" + t, "name: !!str 5\n" + t, "name: !!str five\n" + t, "name: !custom x\n" + t,
                "name: &a x\nunit_primitive: *a\n" + t,
                "name: a\nname: b\n" + t,
                t + "prompt_template:\n  user: again\n",
                "prompt_template:\n  user: one\n  user: two\n",
                "prompt_template:\n  user: 5\n", "prompt_template:\n  user: true\n", "prompt_template:\n  user: 1.5\n",
                "prompt_template:\n  user: [a, b]\n", "prompt_template:\n  user: {a: b}\n", "prompt_template:\n  user:\n",
                "prompt_template:\n  user: ''\n", "prompt_template:\n  1: x\n", "prompt_template: text\n",
                "prompt_template: [a]\n", "prompt_template:\n", "prompt_template: {}\n",
                "prompt_template:\n  <<: {user: hi}\n", "base: &b {user: hi}\nprompt_template: *b\n",
                "prompt_template:\n  user: |\n    line {{ x }}\n  system: >\n    folded\n  assistant: \"quoted\"\n",
                "model:\n" + t, "model: ~\n" + t, "model: {}\n" + t, "model: x\n" + t, "model: [a]\n" + t,
                "model:\n  params:\n" + t, "model:\n  params: 3\n" + t,
                "model:\n  params:\n    temperature: 0.1\n    max_tokens: 2_048\n    top_p: 1\n" + t,
                "model:\n  params:\n    temperature: '0.1'\n" + t, "model:\n  params:\n    temperature: abc\n" + t,
                "model:\n  params:\n    temperature: .5\n" + t, "model:\n  params:\n    temperature: 1e-1\n" + t,
                "model:\n  params:\n    temperature: -0\n" + t, "model:\n  params:\n    temperature: -0.0\n" + t,
                "model:\n  params:\n    temperature: +1\n" + t, "model:\n  params:\n    temperature: 0x1\n" + t,
                "model:\n  params:\n    temperature: 1_0.5\n" + t, "model:\n  params:\n    temperature: .inf\n" + t,
                "model:\n  params:\n    temperature: true\n" + t, "model:\n  params:\n    temperature: []\n" + t,
                "model:\n  params:\n    temperature: 5\n" + t, "model:\n  params:\n    temperature:\n" + t,
                "model:\n  params:\n    max_tokens: 1.5\n" + t, "model:\n  params:\n    max_tokens: 99999999999\n" + t,
                "model:\n  params:\n    max_tokens: 010\n" + t, "model:\n  params:\n    max_tokens: 0b11\n" + t,
                "model:\n  params:\n    max_tokens: '100'\n" + t, "model:\n  params:\n    max_tokens: 1_000_000\n" + t,
                "model:\n  params:\n    max_tokens: _100\n" + t, "model:\n  params:\n    max_tokens: 100_\n" + t,
                "model:\n  params:\n    max_tokens: 1:30\n" + t, "model:\n  params:\n    max_tokens: -5\n" + t,
                "model:\n  params:\n    top_k: 40\n    max_retries: 99999999999\n    model_class_provider: litellm\n"
                        + "    custom_llm_provider: ~\n" + t,
                "model:\n  params:\n    top_k: [1, 2.5, true, false, yes, x, {a: ~}]\n" + t,
                "model:\n  params:\n    top_k: 0x10\n" + t, "model:\n  params:\n    top_k: 1.5e3\n" + t,
                "model:\n  name: claude\n  config_file: conversation_performant\n  provider_params:\n"
                        + "    temperature: 0.1\n    nested: {a: [1, b]}\n" + t,
                "model:\n  provider_params: x\n" + t, "model:\n  provider_params: [a]\n" + t,
                "model:\n  provider_params:\n    a: 1\n    a: 2\n" + t,
                "params:\n  timeout: 30\n  stop: [\"\\n\\n\", '</code>']\n" + t, "params:\n  timeout: 2.5\n" + t,
                "params:\n  stop: x\n" + t, "params:\n  stop: [a, ~]\n" + t, "params:\n  stop: [a, 5]\n" + t,
                "params:\n  stop: []\n" + t, "params:\n  stop:\n" + t, "params: []\n" + t,
                "params:\n  cache_control_injection_points:\n    - location: message\n      role: system\n"
                        + "  vertex_location: us-east5\n" + t,
                "params:\n  cache_control_injection_points: x\n" + t,
                "unit_primitive: explain_code\nunit_primitives: [a]\n" + t, "unit_primitives: a\n" + t,
                "unit_primitives: [a, b]\noperation_type: x\n" + t,
                "%YAML 1.1\n---\n" + t, t + "---\nname: second document\n", t + "...\n",
                "'name': x\n\"prompt_template\":\n  'user': hi\n", "? name\n: x\n" + t, "[a]: x\n" + t,
                "name: \"tab\\there\"\n" + t, "name: x # comment\n" + t, "prompt_template:\n\tuser: hi\n",
                "name: " + "[".repeat(200) + "\n", "name: &a [*a]\n" + t);
    }

    @ParameterizedTest
    @MethodSource("oddFiles")
    void anOddFileIsBoundAsJacksonBindsItOrLeftToJackson(String text) {
        Object reference = jackson(text);
        PromptYaml bound = PromptYamlBinder.bind(text);
        if (bound != null) {
            assertThat(bound).isEqualTo(reference);
        }
        assertThat(reader(text)).isEqualTo(reference);
        Map<String, DefinitionReader.Position> positions = PromptYamlBinder.templatePositions(text);
        if (positions != null && !(reference instanceof String)) {
            assertThat(positions).isEqualTo(JacksonDefinitionReader.templatePositions(text));
        }
        assertThat(DefinitionReader.templatePositions(text)).isNotNull();
    }

    @Test
    void theCommonShapesAreBoundByHand() {
        // What real files use: the binder must not leave these to Jackson, or the cold start loads it.
        for (String text : List.of(
                "name: Fix\nmodel:\n  name: x\n  params:\n    temperature: 0.1\n    max_tokens: 2_048\n    top_p: 1\n"
                        + "    top_k: 40\nunit_primitive: a\nprompt_template:\n  system: |\n    s\n  user: '{{ x }}'\n"
                        + "params:\n  timeout: 30\n  stop: [\"\\n\"]\n",
                "unit_primitives:\n  - a\n  - b\nprompt_template:\n  placeholder: history\n  user: hi\n",
                "prompt_template:\n  prompt: raw\n")) {
            assertThat(PromptYamlBinder.bind(text)).as(text).isNotNull().isEqualTo(jackson(text));
        }
    }
}
