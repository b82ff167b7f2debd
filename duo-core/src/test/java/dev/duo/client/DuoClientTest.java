package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.BetaNotEnabledException;
import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.FeatureUnavailableException;
import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.MissingCredentialsException;
import dev.duo.ModelParams;
import dev.duo.ProviderNotFoundException;
import dev.duo.Role;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.RetryPolicy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuoClientTest {

    private static final String KEY = "fw_ThisIsNotARealKeyButLooksLikeOne123";

    private final EchoProvider echo = new EchoProvider(Set.of("fireworks_ai", "custom_openai", "openai"));

    private static SelfHostedModel model(String name, ModelFamily family, String keyRef) {
        SelfHostedModel.Builder b = SelfHostedModel.builder().name(name).family(family)
                .identifier("fireworks_ai/accounts/fireworks/models/" + name.toLowerCase().replace(' ', '-'));
        if (keyRef != null) {
            b.apiKey(ApiKey.parse(keyRef)).params(ModelParams.builder().maxTokens(99).build());
        }
        return b.build();
    }

    private DuoClient client(DuoConfig config) {
        return DuoClient.builder().config(config).environment(Map.of("FIREWORKS_AI_API_KEY", KEY))
                .provider(echo).retryPolicy(RetryPolicy.NONE).build();
    }

    private static DuoConfig.Builder base() {
        return DuoConfig.builder()
                .model(model("Mixtral", ModelFamily.MIXTRAL, "${FIREWORKS_AI_API_KEY}"))
                .model(model("Keyless", ModelFamily.MISTRAL, "${UNSET_KEY_VAR}"))
                .feature("code_generation", FeatureSetting.selfHosted("Mixtral"))
                .feature("duo_chat_explain_code", FeatureSetting.selfHosted("Keyless"))
                .feature("duo_chat", FeatureSetting.selfHosted("Mixtral"))
                .feature("code_completions", FeatureSetting.DISABLED)
                .feature("review_merge_request", new FeatureSetting(SettingProvider.VENDORED, null));
    }

    @Test
    void aFeatureCallGoesThroughSettingModelPromptAndProvider() {
        try (DuoClient duo = client(base().build())) {
            Completion c = duo.feature("code_generation").generate(Map.of("user_instruction", "reverse a string",
                    "language", "java"));
            assertThat(c.text()).startsWith("echo: ").contains("reverse a string");
            assertThat(c.provenance()).hasValueSatisfying(p -> {
                assertThat(p.feature()).isEqualTo("code_generations");
                assertThat(p.model()).isEqualTo("Mixtral");
                assertThat(p.family()).isEqualTo("mixtral");
                assertThat(p.platform()).isEqualTo("fireworks_ai");
                assertThat(p.prompt()).startsWith("code_suggestions/generations/");
            });
            assertThat(echo.contexts).hasSize(1);
            assertThat(echo.contexts.get(0).apiKey()).hasValueSatisfying(k -> assertThat(k.reveal()).isEqualTo(KEY));
            assertThat(echo.contexts.get(0).toString()).doesNotContain(KEY);
            // the model's params sit between the prompt's and the call's
            assertThat(echo.requests.get(0).params().maxTokens()).hasValue(99);
            assertThat(echo.requests.get(0).feature()).contains("code_generations");
            // one client per model, shared
            duo.feature("code_generations").generate(Map.of("user_instruction", "again"));
            assertThat(echo.contexts).hasSize(1);
        }
        assertThat(echo.closed).isTrue();
    }

    @Test
    void chatTakesAConversation() {
        try (DuoClient duo = client(base().build())) {
            Completion c = duo.feature("duo_chat").chat(List.of(Message.user("hi"), Message.assistant("hello"),
                    Message.user("what is a monad?")));
            assertThat(c.text()).isEqualTo("echo: what is a monad?");
            List<Message> sent = echo.requests.get(0).messages();
            assertThat(sent.get(0).role()).isEqualTo(Role.SYSTEM);
            assertThat(sent.subList(sent.size() - 3, sent.size())).extracting(Message::content)
                    .containsExactly("hi", "hello", "what is a monad?");
            assertThatThrownBy(() -> duo.feature("code_generation").chat(List.of(Message.user("x"))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("takes no conversation");
        }
    }

    @Test
    void disabledVendoredAndUnassignedFeaturesSayHowToServeThem() {
        try (DuoClient duo = client(base().build())) {
            assertThatThrownBy(() -> duo.feature("code_completion").generate(Map.of("prefix", "x")))
                    .isInstanceOf(FeatureUnavailableException.class)
                    .hasMessageContaining("Code Completion (code_completions) is disabled")
                    .hasMessageContaining("duo features assign code_completions --model <name>");
            assertThatThrownBy(() -> duo.feature("review_merge_request").generate(Map.of("diff", "x")))
                    .isInstanceOf(FeatureUnavailableException.class).hasMessageContaining("is vendored");
            assertThatThrownBy(() -> duo.feature("duo_chat_fix_code").generate(Map.of("selected_text", "x")))
                    .isInstanceOf(FeatureUnavailableException.class)
                    .hasMessageContaining("Fix Code (duo_chat_fix_code) has no model assigned");
        }
    }

    @Test
    void anUnsetKeyVariableFailsOnlyTheModelThatNeedsIt() {
        try (DuoClient duo = client(base().build())) {
            assertThatThrownBy(() -> duo.feature("duo_chat_explain_code").generate(Map.of("selected_text", "x")))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("Model 'Keyless' cannot be used")
                    .hasMessageContaining("UNSET_KEY_VAR is not set");
            assertThat(duo.feature("code_generation").generate(Map.of("user_instruction", "still works")).text())
                    .contains("still works");
        }
    }

    @Test
    void aBetaFeatureOrFamilyNeedsTheOptInAtCallTimeToo() {
        DuoConfig config = base()
                .model(model("Llama", ModelFamily.LLAMA3, null))
                .feature("generate_commit_message", FeatureSetting.selfHosted("Mixtral"))
                .feature("duo_chat_fix_code", FeatureSetting.selfHosted("Llama"))
                .build();
        try (DuoClient duo = client(config)) {
            assertThatThrownBy(() -> duo.feature("generate_commit_message").generate(Map.of("diff", "x")))
                    .isInstanceOf(BetaNotEnabledException.class).hasMessageContaining("is a BETA feature");
            assertThatThrownBy(() -> duo.feature("duo_chat_fix_code").generate(Map.of("selected_text", "x")))
                    .isInstanceOf(BetaNotEnabledException.class).hasMessageContaining("BETA family llama3");
        }
    }

    @Test
    void aPlatformNoModuleServesNamesTheArtifactToAdd() {
        DuoConfig config = base().model(SelfHostedModel.builder().name("Claude").family(ModelFamily.CLAUDE_3)
                        .identifier("bedrock/anthropic.claude-3-5-haiku-20241022-v1:0").build())
                .feature("duo_chat", FeatureSetting.selfHosted("Claude")).build();
        try (DuoClient duo = client(config)) {
            assertThatThrownBy(() -> duo.feature("duo_chat").chat(List.of(Message.user("hi"))))
                    .isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("No provider module serves the platform 'bedrock' of model 'Claude'")
                    .hasMessageContaining("dev.duo:duo-bedrock");
        }
    }

    @Test
    void twoModulesClaimingOnePlatformIsAStartupErrorNamingBoth(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.duo.spi.ModelProvider"),
                EchoProvider.class.getName() + "\n" + TwinProvider.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> DuoClient.builder().config(DuoConfig.empty()).classLoader(loader).build())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Two provider modules claim the platform 'dup_platform'")
                    .hasMessageContaining(EchoProvider.class.getName())
                    .hasMessageContaining(TwinProvider.class.getName());
        }
    }

    @Test
    void unknownFeaturesInTheConfigurationFailTheBuild() {
        DuoConfig config = base().feature("code_generatoin", FeatureSetting.DISABLED).build();
        assertThatThrownBy(() -> client(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown feature 'code_generatoin'");
    }

    @Test
    void theDefaultClientCanBeReplacedForAScope() throws Exception {
        try (DuoClient duo = client(base().build());
             DuoClient.DefaultOverride scope = DuoClient.overrideDefault(duo)) {
            assertThat(DuoClient.forFeature("code_generation").generate(Map.of("user_instruction", "via default"))
                    .text()).contains("via default");
            // threads started inside the scope see it too
            Thread t = new Thread(() -> DuoClient.forFeature("code_generation")
                    .generate(Map.of("user_instruction", "from a child thread")));
            t.start();
            t.join();
            assertThat(echo.requests).hasSize(2);
        }
    }

    @Test
    void aConfigurationChangeSwapsAtomicallyAndABadOneKeepsTheOld() {
        try (DuoClient duo = client(base().build())) {
            duo.updateConfig(c -> c.toBuilder().feature("code_completions", FeatureSetting.selfHosted("Mixtral")).build());
            assertThat(duo.feature("code_completion").generate(Map.of("prefix", "def f(")).text()).startsWith("echo: ");
            assertThatThrownBy(() -> duo.updateConfig(c -> c.toBuilder().feature("nope", FeatureSetting.DISABLED).build()))
                    .isInstanceOf(ConfigurationException.class);
            assertThat(duo.config().features()).doesNotContainKey("nope");
            assertThat(duo.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void streamingAndAsyncUseTheSamePath() throws Exception {
        try (DuoClient duo = client(base().build())) {
            try (var s = duo.feature("code_generation").streamBlocking(Map.of("user_instruction", "stream me"))) {
                StringBuilder sb = new StringBuilder();
                s.forEachRemaining(sb::append);
                assertThat(sb.toString()).contains("stream me");
                assertThat(s.completion().provenance()).isPresent();
            }
            assertThat(duo.feature("code_generation").generateAsync(Map.of("user_instruction", "async")).get().text())
                    .contains("async");
            var failed = duo.feature("code_completion").generateAsync(Map.of("prefix", "x"));
            assertThat(failed).isCompletedExceptionally();
        }
    }

    @Test
    void aClosedClientRefusesNewFeatureClients() {
        DuoClient duo = client(base().build());
        duo.close();
        duo.close();
        assertThatThrownBy(() -> duo.feature("duo_chat")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
