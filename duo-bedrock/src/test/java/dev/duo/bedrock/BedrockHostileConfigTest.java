package dev.duo.bedrock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.MissingCredentialsException;
import dev.duo.config.HttpSettings;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials and endpoints a hostile or careless configuration gives the Bedrock provider. */
class BedrockHostileConfigTest {

    private static SelfHostedModel model(String endpoint) {
        return SelfHostedModel.builder().name("Claude [hostile]").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/" + Fixtures.MODEL_ID).endpoint(URI.create(endpoint)).build();
    }

    @Test
    void aBearerTokenWithALineBreakNamesTheVariableNotTheToken() {
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model("http://127.0.0.1:9"))
                    .environment(Map.of("AWS_BEARER_TOKEN_BEDROCK", "ABSKabc\r\nX-Injected: 1")).build()))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("The environment variable AWS_BEARER_TOKEN_BEDROCK holds a line break (CR or LF)")
                    .hasMessageNotContaining("ABSKabc").hasMessageNotContaining("X-Injected");
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model("http://127.0.0.1:9"))
                    .environment(Map.of("AWS_ACCESS_KEY_ID", Fixtures.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "sécret")).build()))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY holds a non-ASCII character");
        }
    }

    @Test
    void aBearerTokenThroughAPlainProxyIsRefusedEvenToLoopback() {
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model("http://127.0.0.1:8080"))
                    .http(new HttpSettings(URI.create("http://proxy.corp:3128"), null))
                    .environment(Map.of("AWS_BEARER_TOKEN_BEDROCK", Fixtures.BEARER)).build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("over plain HTTP through the proxy http://proxy.corp:3128")
                    .hasMessageNotContaining(Fixtures.BEARER);
        }
    }

    @Test
    void anAllowlistEntryIsComparedAfterNormalisation() {
        try (BedrockProvider provider = new BedrockProvider()) {
            // The entry is for /bedrock; the endpoint climbs out of it with an encoded dot segment.
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model("https://gw.corp/bedrock/%2e%2e/admin"))
                    .environment(Fixtures.SIGV4_ENV).customModelsEnabled(false)
                    .customEndpointAllowlist(List.of("https://gw.corp/bedrock")).build()))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("custom models are disabled");
            provider.createClient(ProviderContext.builder(model("https://GW.corp:443/bedrock/"))
                    .environment(Fixtures.SIGV4_ENV).customModelsEnabled(false)
                    .customEndpointAllowlist(List.of("https://gw.corp/bedrock")).build()).close();
        }
    }
}
