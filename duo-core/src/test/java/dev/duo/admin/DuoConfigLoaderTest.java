package dev.duo.admin;

import dev.duo.config.DuoConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuoConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String SAMPLE = """
            beta_models_enabled: true
            custom_models_enabled: true
            models:
              - name: Mixtral 8x22b [Fireworks AI]
                family: mixtral
                identifier: fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct
                api_key: ${FIREWORKS_AI_API_KEY}
                params: { temperature: 0.2, max_tokens: 512 }
                timeouts: { connect: 500ms, attempt: 30s, total: 2m }
              - name: vLLM Mistral
                family: mistral
                identifier: mistralai/Mistral-7B-Instruct-v0.3
                endpoint: http://localhost:8000/v1
            features:
              code_generation: { provider: self_hosted, model: "Mixtral 8x22b [Fireworks AI]" }
              duo_chat: { provider: disabled }
            prompts:
              directories: [ ./prompts ]
            """;

    @Test
    void readsEveryPartOfDuoYml() throws Exception {
        Path file = write("duo.yml", SAMPLE);
        DuoConfig c = DuoConfigLoader.load(file, Map.of(), dir);
        assertThat(c.betaModelsEnabled()).isTrue();
        assertThat(c.models().names()).containsExactly("Mixtral 8x22b [Fireworks AI]", "vLLM Mistral");
        SelfHostedModel m = c.models().get("Mixtral 8x22b [Fireworks AI]");
        assertThat(m.family()).isEqualTo(ModelFamily.MIXTRAL);
        assertThat(m.platform()).isEqualTo("fireworks_ai");
        assertThat(m.effectiveEndpoint()).contains(URI.create("https://api.fireworks.ai/inference/v1"));
        assertThat(m.apiKey().orElseThrow().reference()).isEqualTo("${FIREWORKS_AI_API_KEY}");
        assertThat(m.params().temperature()).hasValue(0.2);
        assertThat(m.params().maxTokens()).hasValue(512);
        assertThat(m.timeouts().connect()).isEqualTo(Duration.ofMillis(500));
        assertThat(m.timeouts().total()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.models().get("vLLM Mistral").platform()).isEqualTo("custom_openai");
        assertThat(c.features()).containsEntry("code_generation", FeatureSetting.selfHosted("Mixtral 8x22b [Fireworks AI]"))
                .containsEntry("duo_chat", new FeatureSetting(SettingProvider.DISABLED, null));
        assertThat(c.promptDirectories()).containsExactly(dir.toAbsolutePath().resolve("prompts").normalize());
        assertThat(c.source()).contains(file.toString());
    }

    @Test
    void findsTheFileThroughDuoConfigThenTheWorkingDirectory() throws Exception {
        Path other = write("elsewhere.yml", "beta_models_enabled: true\n");
        write("duo.yml", "beta_models_enabled: false\n");
        assertThat(DuoConfigLoader.load(null, Map.of("DUO_CONFIG", other.toString()), dir).betaModelsEnabled()).isTrue();
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).source()).contains(dir.resolve("duo.yml").toString());
        assertThat(DuoConfigLoader.load(null, Map.of(), dir.resolve("nowhere")).source()).isEmpty();
    }

    @Test
    void theEnvironmentOverridesTheFile() throws Exception {
        Path file = write("duo.yml", "custom_models_enabled: true\n");
        DuoConfig c = DuoConfigLoader.load(file, Map.of("AIGW_CUSTOM_MODELS__ENABLED", "false",
                "AIGW_LOGGING__ENABLE_REQUEST_LOGGING", "true"), dir);
        assertThat(c.customModelsEnabled()).isFalse();
        assertThat(c.requestLogging()).isTrue();
        assertThat(c.wireLogging()).isFalse();
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of("AIGW_CUSTOM_MODELS__ENABLED", "maybe"), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("AIGW_CUSTOM_MODELS__ENABLED is 'maybe': set it to true or false");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        Path file = write("duo.yml", "models:\n  - name: a\n    family: [unclosed\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageMatching("(?s).*line [34].*");
    }

    @Test
    void anUnknownKeyNamesItsLineAndTheAcceptedKeys() throws Exception {
        Path file = write("duo.yml", "beta_models_enabled: true\nbeta_model_enabled: true\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown key 'beta_model_enabled'")
                .hasMessageContaining("beta_models_enabled");
        Path nested = write("nested.yml", "models:\n  - name: a\n    family: gpt\n    identifier: openai/x\n    apikey: k\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(nested, Map.of(), dir))
                .hasMessageContaining("line 5").hasMessageContaining("unknown key 'apikey'").hasMessageContaining("api_key");
    }

    @Test
    void badValuesNameTheModelAndKey() throws Exception {
        assertThatThrownBy(() -> DuoConfigLoader.load(write("a.yml",
                "models:\n  - { name: a, family: gpt5, identifier: openai/x }\n"), Map.of(), dir))
                .hasMessageContaining("models[0] (a)").hasMessageContaining("unknown model family 'gpt5'");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("b.yml",
                "models:\n  - { name: a, family: gpt, identifier: openai/x, timeouts: { attempt: -5s } }\n"), Map.of(), dir))
                .hasMessageContaining("timeouts.attempt is '-5s'");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("c.yml",
                "models:\n  - { name: a, family: gpt, identifier: openai/x, timeouts: { total: 0s } }\n"), Map.of(), dir))
                .hasMessageContaining("timeouts.total must be positive");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("d.yml",
                "models:\n  - { name: a, family: gpt, identifier: openai/x, timeouts: { idle: 900h } }\n"), Map.of(), dir))
                .hasMessageContaining("timeouts.idle must be at most 1 day");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("e.yml",
                "models:\n  - { name: a, family: mistral, identifier: my-model }\n"), Map.of(), dir))
                .hasMessageContaining("needs an endpoint");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("f.yml",
                "features:\n  duo_chat: { provider: self_hosted }\n"), Map.of(), dir))
                .hasMessageContaining("features.duo_chat").hasMessageContaining("needs a model name");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("g.yml",
                "models:\n  - { name: a, family: gpt, identifier: openai/x }\n  - { name: a, family: gpt, identifier: openai/y }\n"),
                Map.of(), dir))
                .hasMessageContaining("models[1]").hasMessageContaining("already defined");
    }

    @Test
    void aNamedFileThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> DuoConfigLoader.load(dir.resolve("missing.yml"), Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("missing.yml (--config) does not exist");
        assertThatThrownBy(() -> DuoConfigLoader.load(null, Map.of("DUO_CONFIG", "/no/such.yml"), dir))
                .hasMessageContaining("DUO_CONFIG names /no/such.yml, which does not exist");
    }

    @Test
    void aValueOfTheWrongShapeSaysWhatTheKeyWants() throws Exception {
        assertThatThrownBy(() -> DuoConfigLoader.load(write("s.yml", "models: { m: 1 }\n"), Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageEndingWith("line 1, column 9: expected a list (- item lines, or [a, b]), got a mapping (at models)");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("b.yml", "beta_models_enabled: maybe\n"), Map.of(), dir))
                .hasMessageEndingWith(": expected true or false, got the text \"maybe\" (at beta_models_enabled)");
        assertThatThrownBy(() -> DuoConfigLoader.load(write("n.yml",
                "models:\n  - { name: [a, b], family: gpt, identifier: openai/x }\n"), Map.of(), dir))
                .hasMessageEndingWith(": expected text, got a list (at models[0].name)")
                .hasMessageNotContaining("java.");
    }

    @Test
    void aNamedDirectoryIsNotAFile() {
        assertThatThrownBy(() -> DuoConfigLoader.load(dir, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("(--config) is a directory, not a file");
        assertThatThrownBy(() -> DuoConfigLoader.load(null, Map.of("DUO_CONFIG", dir.toString()), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("DUO_CONFIG names " + dir + ", which is a directory, not a file");
        assertThatThrownBy(() -> DuoConfigLoader.load(null, Map.of("DUO_CONFIG", "duo\u0000.yml"), dir))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("DUO_CONFIG is not a usable path (");
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
