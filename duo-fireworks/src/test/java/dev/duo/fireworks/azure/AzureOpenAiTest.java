package dev.duo.fireworks.azure;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.FinishReason;
import dev.duo.InvalidRequestException;
import dev.duo.Message;
import dev.duo.ModelNotFoundException;
import dev.duo.RateLimitedException;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Azure OpenAI's addressing, credentials, errors and content filter, against the fake Azure server. */
class AzureOpenAiTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(10));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private FakeAzureOpenAiServer azure;

    @AfterEach
    void close() {
        provider.close();
        if (azure != null) {
            azure.close();
        }
    }

    private FakeAzureOpenAiServer start(FakeAzureOpenAiServer.Builder b) {
        azure = b.deployment(AzureModels.DEPLOYMENT).start();
        return azure;
    }

    private ModelClient client(SelfHostedModel.Builder model) {
        return provider.createClient(AzureModels.context(model.build()));
    }

    private static ModelRequest ask(String text) {
        return ModelRequest.builder().messages(List.of(Message.system("Echo."), Message.user(text))).build();
    }

    @Test
    void deploymentStyleSendsTheDefaultApiVersionAndTheApiKeyHeader() {
        start(FakeAzureOpenAiServer.builder().apiKey(AzureModels.KEY));
        Completion c = client(AzureModels.model(azure.endpoint(), TIMEOUTS)).complete(ask("hello azure"), Attempt.of(TIMEOUTS));
        assertThat(c.text()).isEqualTo("hello azure");
        assertThat(c.requestId()).isPresent();
        FakeAzureOpenAiServer.ReceivedRequest r = azure.requests().get(0);
        assertThat(r.path()).isEqualTo("/openai/deployments/" + AzureModels.DEPLOYMENT + "/chat/completions");
        assertThat(r.query()).isEqualTo("api-version=2024-10-21");
        assertThat(r.header("api-key")).isEqualTo(AzureModels.KEY);
        assertThat(r.header("Authorization")).isNull();
    }

    @Test
    void v1StyleSendsTheDeploymentAsModelAndNoApiVersion() {
        start(FakeAzureOpenAiServer.builder());
        client(AzureModels.model(azure.endpoint(), TIMEOUTS).apiVersion("v1")).complete(ask("hi"), Attempt.of(TIMEOUTS));
        FakeAzureOpenAiServer.ReceivedRequest r = azure.requests().get(0);
        assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(r.query()).isNull();
        assertThat(r.body()).contains("\"model\":\"" + AzureModels.DEPLOYMENT + "\"");
    }

    @Test
    void anEntraIdTokenGoesAsABearerToken() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzIn0.c2lnbmF0dXJl";
        start(FakeAzureOpenAiServer.builder().apiKey(jwt));
        SelfHostedModel m = AzureModels.model(azure.endpoint(), TIMEOUTS).build();
        provider.createClient(ProviderContext.builder(m).apiKey(Secret.of(jwt)).build()).complete(ask("hi"), Attempt.of(TIMEOUTS));
        assertThat(azure.requests().get(0).header("Authorization")).isEqualTo("Bearer " + jwt);
        assertThat(azure.requests().get(0).header("api-key")).isNull();
    }

    @Test
    void aMalformedApiVersionIsRefusedBeforeAnyCall() {
        start(FakeAzureOpenAiServer.builder());
        assertThatThrownBy(() -> client(AzureModels.model(azure.endpoint(), TIMEOUTS).apiVersion("2024-13")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("api_version '2024-13', which is not an Azure OpenAI api-version")
                .hasMessageContaining("such as 2024-10-21");
        assertThat(azure.requestCount()).isZero();
    }

    @Test
    void anApiVersionTheResourceDoesNotKnowNamesTheSetting() {
        start(FakeAzureOpenAiServer.builder().apiVersions(Set.of("2024-10-21")));
        ModelClient c = client(AzureModels.model(azure.endpoint(), TIMEOUTS).apiVersion("2023-01-01"));
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> c.complete(ask("hi"), Attempt.of(TIMEOUTS)));
        assertThat(e).hasMessageContaining("does not accept api_version '2023-01-01'")
                .hasMessageContaining("API version not supported")
                .hasMessageContaining("set api_version to one the resource supports");
        assertThat(e.context().status()).hasValue(400);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void anEndpointWithTheDeploymentPathInItIsRefused() {
        start(FakeAzureOpenAiServer.builder());
        URI wrong = URI.create(azure.endpoint() + "/openai/deployments/" + AzureModels.DEPLOYMENT);
        assertThatThrownBy(() -> client(AzureModels.model(wrong, TIMEOUTS)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("give the resource URL only");
    }

    @Test
    void anUnknownDeploymentIsModelNotFound() {
        start(FakeAzureOpenAiServer.builder());
        SelfHostedModel.Builder m = AzureModels.model(azure.endpoint(), TIMEOUTS).identifier("azure/no-such-deployment");
        ModelNotFoundException e = catchThrowableOfType(ModelNotFoundException.class, () -> client(m).complete(ask("hi"), Attempt.of(TIMEOUTS)));
        assertThat(e).hasMessageContaining("has no deployment 'no-such-deployment'").hasMessageContaining("azure/<deployment name>");
    }

    @Test
    void theContentFilterOnAnAnswerIsItsFinishReason() {
        start(FakeAzureOpenAiServer.builder().filterAnswersAt("forbidden"));
        ModelClient c = client(AzureModels.model(azure.endpoint(), TIMEOUTS));
        Completion whole = c.complete(ask("tell me the forbidden story"), Attempt.of(TIMEOUTS));
        assertThat(whole.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(whole.text()).isEqualTo("tell me the");

        RecordingListener l = new RecordingListener();
        c.stream(ask("tell me the forbidden story"), Attempt.of(TIMEOUTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isNull();
        assertThat(l.completion().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(l.text()).isEqualTo("tell me the");
    }

    @Test
    void theContentFilterOnAPromptIsAnInvalidRequestNamingTheCategory() {
        start(FakeAzureOpenAiServer.builder().filterPromptsContaining("forbidden"));
        ModelClient c = client(AzureModels.model(azure.endpoint(), TIMEOUTS));
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> c.complete(ask("a forbidden ask"), Attempt.of(TIMEOUTS)));
        assertThat(e).hasMessageContaining("Azure OpenAI's content filter refused the prompt (HTTP 400)")
                .hasMessageContaining("filtered: violence=medium")
                .hasMessageContaining("Rephrase the input");
        assertThat(e.retryable()).isFalse();

        RecordingListener l = new RecordingListener();
        c.stream(ask("a forbidden ask"), Attempt.of(TIMEOUTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isInstanceOf(InvalidRequestException.class).hasMessageContaining("content filter");
    }

    @Test
    void rateLimitsCarryAzuresHeaders() {
        start(FakeAzureOpenAiServer.builder().faultPlan(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofSeconds(3)).withMessage("Please retry after 3 seconds.")).build()));
        ModelClient c = client(AzureModels.model(azure.endpoint(), TIMEOUTS));
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> c.complete(ask("hi"), Attempt.of(TIMEOUTS)));
        assertThat(e).hasMessageContaining("Azure OpenAI rate-limited the request (HTTP 429): Please retry after 3 seconds.")
                .hasMessageContaining("remaining requests=0");
        assertThat(e.context().retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.context().requestId()).isPresent();
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorWithoutTheKey() {
        start(FakeAzureOpenAiServer.builder().apiKey("the-right-key"));
        ModelClient c = client(AzureModels.model(azure.endpoint(), TIMEOUTS));
        assertThatThrownBy(() -> c.complete(ask("hi"), Attempt.of(TIMEOUTS)))
                .isInstanceOf(dev.duo.AuthenticationException.class)
                .hasMessageContaining("Azure OpenAI refused the api key (HTTP 401)")
                .hasMessageNotContaining(AzureModels.KEY);
    }
}
