package dev.duo.reliability;

import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.PromptNotFoundException;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random bytes and random YAML-like text thrown at every loader of user files, and random
 * strings at the version constraints. What is acceptable: duo.yml and feature metadata fail only
 * with a {@link ConfigurationException} (in practice InvalidConfigException, naming file and
 * line); a prompt definition never throws (each broken file becomes a prompt problem); a version
 * constraint selects a prompt or fails with {@link PromptNotFoundException}. Anything else (an
 * unchecked Jackson, SnakeYAML, semver4j or JDK exception) is a bug.
 */
class ParserPropertiesTest {

    static final String[] YAML = {"models:", "features:", "prompts:", "http:", "feature_metadata:", "custom_endpoint_allowlist:",
        "beta_models_enabled:", " name: m", " family: gpt", " identifier: openai/x", " endpoint: http://x", " api_key: ${K}",
        " timeouts:", " attempt: 5s", " provider: self_hosted", " model: m", " code_generations:", " directories:", " proxy:",
        "key:", "title:", "release_state: GA", "families: [gpt]", "family_set: F1", "inputs:", "prompt: { id: a, version: ^1 }",
        "prompt_template:", " user: '{{ x }}'", " system: |", "model:", " params:", " temperature: 0.1", " max_tokens: 2_048",
        "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ",", ": ", "'", "\"", "&a ", "*a", "<<: *a", "!!binary ", "!!python/object ",
        "~", "null", "1e999", "-1", "0x7f", "é", "\t", "\u0000", "#", "---", "...", "|", ">", "?", "%YAML 1.2"};

    static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("duo-properties");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> yamlLike() {
        return Arbitraries.of(YAML).list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void duoYmlOfRandomTextLoadsOrFailsWithAConfigurationException(@ForAll("yamlLike") String text) {
        loadConfig(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void duoYmlOfRandomBytesLoadsOrFailsWithAConfigurationException(@ForAll byte[] bytes) {
        loadConfig(bytes);
    }

    private static void loadConfig(byte[] bytes) {
        Path f = write("duo.yml", bytes);
        try {
            DuoConfigLoader.load(f, Map.of(), dir);
        } catch (ConfigurationException typed) {
            // the loader's typed failure
        }
    }

    @Property(tries = 200)
    void featureMetadataOfRandomTextLoadsOrFailsWithAConfigurationException(@ForAll("yamlLike") String text) {
        write("mine.yml", ("features:\n  - key: my_feature\n" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path config = write("duo.yml", "feature_metadata: [ mine.yml ]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (DuoClient duo = DuoClient.builder().configFile(config).environment(Map.of()).workingDirectory(dir).build()) {
            duo.features();
        } catch (ConfigurationException typed) {
            // a typed failure naming the file
        }
    }

    @Property(tries = 200)
    void promptDefinitionsOfRandomTextNeverThrow(@ForAll("yamlLike") String text) {
        Path prompts = dir.resolve("prompts");
        write("prompts/chat/explain_code/gpt/1.0.0.yml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PromptRegistry.load(java.util.List.of(prompts)).problems();
    }

    @Property(tries = 300)
    void promptDefinitionsOfRandomBytesNeverThrow(@ForAll byte[] bytes) {
        write("prompts/chat/explain_code/gpt/1.0.0.yml", bytes);
        PromptRegistry.load(java.util.List.of(dir.resolve("prompts"))).problems();
    }

    @Provide
    Arbitrary<String> constraintLike() {
        return Arbitraries.of("^", "~", ">=", "<=", ">", "<", "=", "1", "0", "2", ".", "x", "*", " ", ",", "||", "-", "rc", "dev",
                "+", "v", "99999999999999999999", "a", "é", "\u0000").list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Property(tries = 1000)
    void randomVersionConstraintsSelectOrFailWithPromptNotFound(@ForAll("constraintLike") String constraint) {
        select(constraint);
    }

    @Property(tries = 300)
    void randomStringConstraintsSelectOrFailWithPromptNotFound(@ForAll String constraint) {
        select(constraint);
    }

    private static final PromptRegistry BUNDLED = PromptRegistry.bundled();

    private static void select(String constraint) {
        try {
            BUNDLED.select("code_suggestions/generations", ModelFamily.MIXTRAL, constraint);
        } catch (PromptNotFoundException typed) {
            // the registry's typed failure
        }
    }

    private static Path write(String name, byte[] bytes) {
        try {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
