package dev.duo.fireworks;

import static dev.duo.fireworks.TestModels.context;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointSecurityTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void refusesAKeyOverPlainHttpToARemoteHost() {
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("http://vllm.internal:8000/v1")).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("would send its api key over plain HTTP to http://vllm.internal:8000/v1")
                .hasMessageContaining("use an https:// endpoint, or set allow_insecure_endpoint: true");
    }

    @Test
    void allowsHttpsLoopbackAndTheInsecureOptIn() {
        assertThatCode(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.internal/v1")).build()))
                .doesNotThrowAnyException();
        for (String loop : List.of("http://localhost:8000/v1", "http://127.0.0.1:8000/v1", "http://127.1.2.3/v1", "http://[::1]:8000/v1")) {
            assertThatCode(() -> provider.createClient(context("custom_openai/m", URI.create(loop)).build()))
                    .as(loop).doesNotThrowAnyException();
        }
        SelfHostedModel optedIn = TestModels.model("custom_openai/m", URI.create("http://vllm.internal:8000/v1"))
                .toBuilder().allowInsecureEndpoint(true).build();
        assertThatCode(() -> provider.createClient(ProviderContext.builder(optedIn)
                .apiKey(dev.duo.model.Secret.of(TestModels.KEY)).build())).doesNotThrowAnyException();
    }

    @Test
    void plainHttpWithoutAKeyIsAllowed() {
        ProviderContext ctx = ProviderContext.builder(TestModels.model("custom_openai/m", URI.create("http://ollama.lan:11434/v1"))).build();
        assertThatCode(() -> provider.createClient(ctx)).doesNotThrowAnyException();
    }

    @Test
    void aHostNamedLikeLoopbackIsNotLoopback() {
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("http://127.0.0.1.evil.example/v1")).build()))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void withCustomModelsDisabledOnlyPublicAndAllowlistedEndpoints() {
        SelfHostedModel fireworks = SelfHostedModel.builder().name("Mixtral").family(ModelFamily.MIXTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct").build();
        assertThatCode(() -> provider.createClient(ProviderContext.builder(fireworks).customModelsEnabled(false).build()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.corp/v1"))
                .customModelsEnabled(false).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custom models are disabled (custom_models_enabled: false)")
                .hasMessageContaining("may not call https://vllm.corp/v1")
                .hasMessageContaining("add it to custom_endpoint_allowlist, set custom_models_enabled: true");
        assertThatCode(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.corp/v1"))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("https://vllm.corp/v1")).build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.corp/v1"))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("vllm.corp")).build()))
                .doesNotThrowAnyException();
        // A look-alike path or port is not on the list.
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.corp:8443/v1"))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("https://vllm.corp/v1")).build()))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("https://api.fireworks.ai/other"))
                .customModelsEnabled(false).build()))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void refusesPlatformsItDoesNotServe() {
        SelfHostedModel bedrock = SelfHostedModel.builder().name("Claude").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0").build();
        assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(bedrock).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not serve platform 'bedrock'");
    }

    @Test
    void badTrustStoreIsAConfigurationError() {
        var http = new dev.duo.config.HttpSettings(null, java.nio.file.Path.of("/no/such/ca.pem"));
        assertThatThrownBy(() -> provider.createClient(context("custom_openai/m", URI.create("https://vllm.corp/v1"))
                .http(http).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("http.truststore /no/such/ca.pem does not exist");
    }
}
