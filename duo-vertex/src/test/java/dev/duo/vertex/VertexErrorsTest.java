package dev.duo.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duo.AuthenticationException;
import dev.duo.ConfigurationException;
import dev.duo.Message;
import dev.duo.MissingCredentialsException;
import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeVertexServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake a user can make with a Vertex AI model gives a typed error whose message names the fix. */
class VertexErrorsTest {

    @TempDir
    Path dir;

    private final VertexAiProvider provider = new VertexAiProvider();
    private FakeVertexServer fake;

    @AfterEach
    void close() {
        provider.close();
        if (fake != null) {
            fake.close();
        }
    }

    private static ModelRequest ask() {
        return ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    }

    private ProviderContext tokenContext(SelfHostedModel.Builder m) {
        return ProviderContext.builder(m.build()).apiKey(Secret.of("ya29.test")).build();
    }

    @Test
    void aMissingProjectIsNamed() {
        fake = FakeVertexServer.builder().start();
        assertThatThrownBy(() -> provider.createClient(tokenContext(VertexModels.claude(fake, VertexModels.TIMEOUTS).project(null))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("model 'Claude on Vertex' (vertex_ai/" + VertexModels.CLAUDE + ") has no project")
                .hasMessageContaining("set project: <your Google Cloud project id> on the model");
    }

    @Test
    void aMissingRegionIsNamed() {
        fake = FakeVertexServer.builder().start();
        assertThatThrownBy(() -> provider.createClient(tokenContext(VertexModels.gemini(fake, VertexModels.TIMEOUTS).region(null))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has no region: set region (or location) on the model")
                .hasMessageContaining("us-east5");
    }

    @Test
    void aProjectOrRegionThatIsNotANameIsRefused() {
        fake = FakeVertexServer.builder().start();
        assertThatThrownBy(() -> provider.createClient(tokenContext(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .project("my project/../x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a Google Cloud project id");
        assertThatThrownBy(() -> provider.createClient(tokenContext(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .region("us-east5/../../x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a Google Cloud region");
    }

    @Test
    void aModelThatIsNeitherClaudeNorGeminiIsRefused() {
        fake = FakeVertexServer.builder().start();
        SelfHostedModel.Builder llama = VertexModels.gemini(fake, VertexModels.TIMEOUTS).family(ModelFamily.LLAMA3)
                .identifier("vertex_ai/llama-3.3-70b");
        assertThatThrownBy(() -> provider.createClient(tokenContext(llama)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("serves Anthropic Claude and Google Gemini models")
                .hasMessageContaining("use family claude_3 or gemini");
    }

    @Test
    void aCredentialsFileThatCannotBeReadIsNamed() throws Exception {
        fake = FakeVertexServer.builder().start();
        Path missing = dir.resolve("nowhere.json");
        assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .credentialsFile(missing.toString()).build()).build()))
                .isInstanceOf(MissingCredentialsException.class)
                .hasMessageContaining("credentials_file of model 'Claude on Vertex' (" + missing + ") does not exist")
                .hasMessageContaining("download the service account's JSON key");

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "not json at all");
        assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .credentialsFile(garbage.toString()).build()).build()))
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("is not JSON");

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"type\": \"service_account\", \"client_email\": \"x@y\"}");
        assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .credentialsFile(broken.toString()).build()).build()))
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("cannot be used")
                .hasMessageContaining("download a fresh JSON key");

        Path wrongType = Files.writeString(dir.resolve("api-key.json"), "{\"type\": \"api_key\"}");
        assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(VertexModels.claude(fake, VertexModels.TIMEOUTS)
                .credentialsFile(wrongType.toString()).build()).build()))
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("has type 'api_key'");
    }

    @Test
    void anExpiredTokenThatCannotBeRefreshedIsAnAuthenticationError() {
        // The first token is already inside the library's refresh margin; then the key is deleted.
        fake = FakeVertexServer.builder().tokenLifetime(Duration.ofSeconds(30)).start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
        c.complete(ask(), Attempt.of(VertexModels.TIMEOUTS));
        fake.refuseTokenRequests();
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> c.complete(ask(), Attempt.of(VertexModels.TIMEOUTS)));
        assertThat(e).hasMessageContaining("could not get a Google access token for model 'Claude on Vertex' from credentials_file")
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("a deleted, disabled or revoked key cannot be refreshed");
        assertThat(e.retryable()).isFalse();
        assertThat(fake.requestCount()).as("no call without a token").isEqualTo(1);

        RecordingListener l = new RecordingListener();
        c.stream(ask(), Attempt.of(VertexModels.TIMEOUTS), l);
        l.awaitTerminal(Duration.ofSeconds(20));
        assertThat(l.error()).isInstanceOf(AuthenticationException.class).hasMessageContaining("could not get a Google access token");
    }

    @Test
    void anExpiredPlainAccessTokenSaysItCannotBeRefreshed() {
        fake = FakeVertexServer.builder().start();   // accepts no plain token: it has "expired"
        ModelClient c = provider.createClient(tokenContext(VertexModels.gemini(fake, VertexModels.TIMEOUTS)));
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> c.complete(ask(), Attempt.of(VertexModels.TIMEOUTS)));
        assertThat(e).hasMessageContaining("Vertex AI refused the access token (HTTP 401)")
                .hasMessageContaining("cannot be refreshed and has probably expired")
                .hasMessageContaining("use a service-account key file")
                .hasMessageNotContaining("ya29.test");
    }

    @Test
    void aModelNotEnabledInTheProjectIsA403NamingModelGarden() {
        fake = FakeVertexServer.builder().enabledModels("gemini-2.0-flash-001").start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> c.complete(ask(), Attempt.of(VertexModels.TIMEOUTS)));
        assertThat(e).hasMessageContaining("Vertex AI denied access to Anthropic model '" + VertexModels.CLAUDE
                        + "' in project fake-project, region us-east5 (HTTP 403)")
                .hasMessageContaining("Permission 'aiplatform.endpoints.predict' denied")
                .hasMessageContaining("Enable the model for the project in Vertex AI Model Garden")
                .hasMessageContaining("roles/aiplatform.user");
        assertThat(e.context().status()).hasValue(403);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void aTokenGoesOverPlainHttpOnlyToLoopback() {
        SelfHostedModel.Builder m = SelfHostedModel.builder().name("v").family(ModelFamily.GEMINI)
                .identifier("vertex_ai/gemini-2.0-flash-001").project("p-123456").region("us-central1")
                .endpoint(URI.create("http://vertex.internal.example:8080"));
        assertThatThrownBy(() -> provider.createClient(tokenContext(m)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("would send its Google access token over plain HTTP")
                .hasMessageContaining("allow_insecure_endpoint");
    }

    @Test
    void withCustomModelsDisabledOnlyGooglesEndpointsAreReachable() {
        SelfHostedModel.Builder m = SelfHostedModel.builder().name("v").family(ModelFamily.GEMINI)
                .identifier("vertex_ai/gemini-2.0-flash-001").project("p-123456").region("us-central1")
                .endpoint(URI.create("https://vertex-proxy.example.com"));
        ProviderContext off = ProviderContext.builder(m.build()).apiKey(Secret.of("ya29.t")).customModelsEnabled(false).build();
        assertThatThrownBy(() -> provider.createClient(off))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custom models are disabled")
                .hasMessageContaining("custom_endpoint_allowlist");
        ProviderContext google = ProviderContext.builder(m.endpoint(null).build()).apiKey(Secret.of("ya29.t"))
                .customModelsEnabled(false).build();
        provider.createClient(google).close();   // Vertex AI's own endpoint needs no allowlist entry
    }
}
