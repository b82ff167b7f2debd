package dev.duo.config;

import dev.duo.admin.DuoConfigStore;
import dev.duo.admin.DuoConfigLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ai_gateway:} section and {@code via: ai_gateway}, as duo.yml writes them. */
class AiGatewayConfigTest {

    @TempDir
    Path dir;

    static final String YML = """
            ai_gateway:
              url: https://aigw.internal:5052
              token: ${AIGW_TOKEN}
              timeouts: { attempt: 20s, idle: 5s }
            models:
              - { name: Codestral on vLLM, family: codestral, identifier: custom_openai/codestral, endpoint: "http://vllm:8000/v1" }
            features:
              duo_chat_explain_code: { provider: vendored }
              code_generations: { provider: self_hosted, model: Codestral on vLLM, via: ai_gateway }
              code_completions: { provider: self_hosted, model: Codestral on vLLM, via: direct }
            """;

    private DuoConfig load(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("duo.yml"), text);
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void readsTheSectionAndTheRoutes() throws IOException {
        DuoConfig c = load(YML);
        AiGatewaySettings gw = c.aiGateway().orElseThrow();
        assertThat(gw.url()).isEqualTo(URI.create("https://aigw.internal:5052"));
        assertThat(gw.token().orElseThrow().reference()).isEqualTo("${AIGW_TOKEN}");
        assertThat(gw.timeouts().attempt()).isEqualTo(Duration.ofSeconds(20));
        assertThat(gw.timeouts().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.features().get("code_generations")).isEqualTo(FeatureSetting.selfHosted("Codestral on vLLM").viaAiGateway());
        assertThat(c.features().get("code_completions").viaGateway()).isFalse();
        assertThat(c.features().get("duo_chat_explain_code").servedByGateway()).isTrue();
        assertThat(gw.toString()).contains("${AIGW_TOKEN}");
    }

    @Test
    void theGatewayIsAnEndpointOfPlatformAiGateway() throws IOException {
        SelfHostedModel endpoint = load(YML).aiGateway().orElseThrow().asEndpoint();
        assertThat(endpoint.platform()).isEqualTo(ModelIdentifier.AI_GATEWAY);
        assertThat(endpoint.effectiveEndpoint()).contains(URI.create("https://aigw.internal:5052"));
        assertThat(endpoint.apiKey().orElseThrow().reference()).isEqualTo("${AIGW_TOKEN}");
        assertThat(endpoint.timeouts().attempt()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aWriteKeepsTheSectionAndTheRoutes() throws IOException {
        Path file = Files.writeString(dir.resolve("duo.yml"), YML);
        DuoConfigStore.of(file).update(c -> c.toBuilder().betaModelsEnabled(true).build());
        String text = Files.readString(file);
        assertThat(text).contains("ai_gateway:", "url: https://aigw.internal:5052", "${AIGW_TOKEN}", "via: ai_gateway");
        DuoConfig back = DuoConfigLoader.load(file, Map.of(), dir);
        assertThat(back.aiGateway()).isEqualTo(load(YML).aiGateway());
        assertThat(back.features().get("code_generations").viaGateway()).isTrue();
        assertThat(back.features().get("code_completions").viaGateway()).isFalse();
    }

    @Test
    void aMissingUrlNamesTheSetting() {
        assertThatThrownBy(() -> load("ai_gateway: { token: x }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ai_gateway: ai_gateway needs a url, such as http://localhost:5052");
    }

    @Test
    void aUrlEndingInV1SaysToGiveTheBaseUrl() {
        assertThatThrownBy(() -> load("ai_gateway: { url: \"http://localhost:5052/v1\" }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ends in /v1: give the gateway's base URL");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> load("ai_gateway: { url: \"ftp://gw\" }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("is not an http(s) URL such as http://localhost:5052");
    }

    @Test
    void anUnknownKeyInTheSectionIsAnError() {
        assertThatThrownBy(() -> load("ai_gateway: { url: \"http://localhost:5052\", tokn: x }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tokn");
    }

    @Test
    void anUnknownRouteListsTheKnownOnes() {
        assertThatThrownBy(() -> load("features:\n  code_generations: { provider: self_hosted, model: m, via: gateway }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown 'via: gateway': use ai_gateway")
                .hasMessageContaining("features.code_generations");
    }

    @Test
    void viaOnAFeatureWithoutAModelIsRefused() {
        assertThatThrownBy(() -> load("features:\n  duo_chat: { provider: vendored, via: ai_gateway }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("vendored takes no 'via' (vendored is always served by the gateway)");
        assertThatThrownBy(() -> new FeatureSetting(SettingProvider.DISABLED, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
