package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.FinishReason;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.FeatureRegistry;
import dev.duo.call.ModelStatus;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fallback_models} end to end through a {@code DuoClient}: read from duo.yml, each fallback
 * checked as the model is (at load and at assignment, with the same errors naming the key), its
 * prompt chosen for its own family, and written back.
 */
class FallbackModelsTest {

    @TempDir
    Path dir;

    static final String MODELS = """
            models:
              - { name: Codestral on vLLM, family: codestral, identifier: custom_openai/codestral, endpoint: "http://localhost:8000/v1" }
              - { name: Mixtral on vLLM, family: mixtral, identifier: custom_openai/mixtral, endpoint: "http://localhost:8001/v1" }
              - { name: Gemma, family: codegemma, identifier: custom_openai/gemma, endpoint: "http://localhost:8002/v1" }
              - { name: Qwen, family: qwen, identifier: custom_openai/qwen, endpoint: "http://localhost:8003/v1" }
            """;

    /** Serves custom_openai: Codestral is down (503), every other model answers with its name. */
    final List<String> calledModels = new CopyOnWriteArrayList<>();
    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    final ModelProvider provider = new ModelProvider() {
        @Override
        public Set<String> platforms() {
            return Set.of("custom_openai");
        }

        @Override
        public ModelClient createClient(ProviderContext ctx) {
            String name = ctx.model().name();
            return new ModelClient() {
                @Override
                public Completion complete(ModelRequest r, Attempt a) {
                    calledModels.add(name);
                    requests.add(r);
                    if (name.startsWith("Codestral")) {
                        throw new ProviderUnavailableException("503 from " + name);
                    }
                    return Completion.builder().text("answer of " + name).finishReason(FinishReason.STOP)
                            .usage(new Usage(1, 1)).build();
                }

                @Override
                public CompletableFuture<Completion> completeAsync(ModelRequest r, Attempt a) {
                    return CompletableFuture.supplyAsync(() -> complete(r, a));
                }

                @Override
                public StreamHandle stream(ModelRequest r, Attempt a, StreamListener l) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    };

    private DuoConfig load(String yaml) throws Exception {
        Path file = dir.resolve("duo.yml");
        Files.writeString(file, yaml);
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    private DuoClient client(DuoConfig config) {
        return DuoClient.builder().config(config).environment(Map.of()).provider(provider)
                .retryPolicy(RetryPolicy.NONE).build();
    }

    @Test
    void aFeatureFallsBackToAModelOfAnotherFamilyWithThatFamilysPrompt() throws Exception {
        DuoConfig config = load(MODELS + """
                features:
                  code_generation: { provider: self_hosted, model: Codestral on vLLM, fallback_models: [Mixtral on vLLM] }
                """);
        try (DuoClient duo = client(config)) {
            Completion c = duo.feature("code_generation").generate(Map.of("user_instruction", "a CSV parser"));

            assertThat(c.text()).isEqualTo("answer of Mixtral on vLLM");
            assertThat(calledModels).containsExactly("Codestral on vLLM", "Mixtral on vLLM");
            assertThat(c.provenance().orElseThrow().model()).isEqualTo("Mixtral on vLLM");
            assertThat(c.provenance().orElseThrow().family()).isEqualTo("mixtral");
            String codestralPrompt = duo.prompts().select("code_suggestions/generations",
                    dev.duo.model.ModelFamily.CODESTRAL, duo.features().get("code_generations").promptVersion()).describe();
            assertThat(c.provenance().orElseThrow().prompt()).as("re-resolved for mixtral").isNotEqualTo(codestralPrompt);
            assertThat(duo.modelStatuses()).extracting(ModelStatus::model).containsExactly("Codestral on vLLM", "Mixtral on vLLM");
            assertThat(duo.modelStatuses().get(0).circuit()).isEqualTo(ModelStatus.Circuit.CLOSED);
        }
    }

    @Test
    void theSettingIsWrittenBackAndAssignedWithItsChecks() throws Exception {
        DuoConfig config = load(MODELS);
        FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), config);
        DuoConfig next = settings.assign("code_generation", "Codestral on vLLM", List.of("Mixtral on vLLM"));

        assertThat(next.features().get("code_generations").fallbackModels()).containsExactly("Mixtral on vLLM");
        String written = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .writeValueAsString(dev.duo.internal.config.ConfigMapper.toFile(next, dir));
        assertThat(written).contains("fallback_models:").contains("- \"Mixtral on vLLM\"");
    }

    @Test
    void aFallbackThatIsTheModelItselfIsRefusedAtLoadAndAtAssignment() throws Exception {
        assertThatThrownBy(() -> load(MODELS + """
                features:
                  code_generation: { provider: self_hosted, model: Codestral on vLLM, fallback_models: [Codestral on vLLM] }
                """)).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.INVALID_CONFIG))
                .hasMessageContaining("features.code_generation: fallback_models lists 'Codestral on vLLM', the feature's own model")
                .hasMessageContaining("remove it, or list another model");
        FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), load(MODELS));
        assertThatThrownBy(() -> settings.assign("code_generation", "Codestral on vLLM", List.of("Codestral on vLLM")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.INVALID_CONFIG))
                .hasMessageStartingWith("features.code_generations.fallback_models lists 'Codestral on vLLM'");
    }

    @Test
    void anUnknownFallbackSaysDidYouMeanAtLoadAndAtAssignment() throws Exception {
        DuoConfig config = load(MODELS + """
                features:
                  code_generation: { provider: self_hosted, model: Codestral on vLLM, fallback_models: [Mixtral on vLMM] }
                """);
        assertThatThrownBy(() -> client(config)).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.UNKNOWN_MODEL))
                .hasMessageContaining("features.code_generations.fallback_models: No model named 'Mixtral on vLMM'.")
                .hasMessageContaining("Did you mean Mixtral on vLLM?")
                .hasMessageContaining("Fix the name, or add the model under 'models:'");
        FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), load(MODELS));
        assertThatThrownBy(() -> settings.assign("code_generation", "Codestral on vLLM", List.of("Mixtral on vLMM")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.UNKNOWN_MODEL)).hasMessageContaining("Did you mean Mixtral on vLLM?");
    }

    @Test
    void anIncompatibleFallbackGetsGitLabsSentenceAndTheFix() throws Exception {
        FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), load(MODELS));
        assertThatThrownBy(() -> settings.assign("duo_chat", "Mixtral on vLLM", List.of("Gemma")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.INCOMPATIBLE_MODEL))
                .hasMessageContaining("features.duo_chat.fallback_models: Codegemma is incompatible with the General Chat feature")
                .hasMessageContaining("assign a model of one of those families");
        DuoConfig config = load(MODELS + """
                features:
                  duo_chat: { provider: self_hosted, model: Mixtral on vLLM, fallback_models: [Gemma] }
                """);
        assertThatThrownBy(() -> client(config)).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.INCOMPATIBLE_MODEL))
                .hasMessageContaining("features.duo_chat.fallback_models: Codegemma is incompatible");
    }

    @Test
    void aBetaFamilyFallbackNeedsTheOptIn() throws Exception {
        FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), load(MODELS));
        assertThatThrownBy(() -> settings.assign("code_generation", "Codestral on vLLM", List.of("Qwen")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.BETA_NOT_ENABLED))
                .hasMessageContaining("features.code_generations.fallback_models: Qwen is a model of the BETA family qwen")
                .hasMessageContaining("'beta_models_enabled: true'");
        DuoConfig on = load("beta_models_enabled: true\n" + MODELS);
        assertThat(new FeatureSettings(FeatureRegistry.bundled(), on)
                .assign("code_generation", "Codestral on vLLM", List.of("Qwen")).features().get("code_generations")
                .fallbackModels()).containsExactly("Qwen");
    }

    @Test
    void fallbacksBackOnlyADirectSelfHostedSetting() throws Exception {
        assertThatThrownBy(() -> load(MODELS + """
                features:
                  duo_chat: { provider: disabled, fallback_models: [Mixtral on vLLM] }
                """)).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.reason()).isEqualTo(ConfigurationException.Reason.INVALID_CONFIG))
                .hasMessageContaining("features.duo_chat: fallback_models back up a model called directly: disabled takes none");
    }
}
