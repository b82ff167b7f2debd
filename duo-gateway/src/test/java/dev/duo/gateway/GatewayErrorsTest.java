package dev.duo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duo.AuthenticationException;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidConfigException;
import dev.duo.InvalidInputException;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.PromptNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.config.AiGatewaySettings;
import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.PromptCall;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeAiGateway;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each status the gateway answers with, as its own code produces it where the fake can (a wrong
 * token, an unknown prompt, a bad constraint, a missing input, a denied prompt) and by fault
 * otherwise, becomes the typed error a caller acts on, with a message that names the fix.
 */
class GatewayErrorsTest {

    static final String TOKEN = "aigw-test-token-not-a-real-one";
    static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(2));
    static final SelfHostedModel CODESTRAL = SelfHostedModel.builder().name("Codestral on vLLM").family(ModelFamily.CODESTRAL)
            .identifier("custom_openai/codestral").endpoint(URI.create("http://vllm.internal:8000/v1")).build();

    private final AiGatewayProvider provider = new AiGatewayProvider();
    private FakeAiGateway gateway;

    @AfterEach
    void stop() {
        provider.close();
        if (gateway != null) {
            gateway.close();
        }
    }

    private ModelClient client(UnaryOperator<FakeAiGateway.Builder> fake, String token) {
        gateway = fake.apply(FakeAiGateway.builder().token(TOKEN)).start();
        AiGatewaySettings gw = AiGatewaySettings.builder().url(gateway.url()).timeouts(QUICK).build();
        return provider.createClient(ProviderContext.builder(gw.asEndpoint())
                .apiKey(token == null ? null : Secret.of(token)).build());
    }

    private ModelClient client(Fault fault) {
        return client(b -> b.faultPlan(FaultPlan.builder().next(fault).build()), TOKEN);
    }

    private static ModelRequest explain(String version, Map<String, ?> inputs) {
        return ModelRequest.builder().promptCall(PromptCall.builder("chat/explain_code").version(version).inputs(inputs)
                .model(CODESTRAL).modelApiKey(Secret.of("vllm-key-not-real")).build()).build();
    }

    private static ModelRequest explain() {
        return explain("^1.0.0", Map.of("selected_text", "x = 1", "input", "what is this?", "file_name", "a.py",
                "language", "python", "file_content", ""));
    }

    @Test
    void aWrongTokenIs401Authentication() {
        ModelClient c = client(b -> b, "not-the-token");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 401").contains("Forbidden by auth provider").contains("ai_gateway.token")
                .doesNotContain("not-the-token");
        assertThat(e.retryable()).isFalse();
        assertThat(e.context().status()).hasValue(401);
    }

    @Test
    void noTokenIs401NamingTheMissingHeader() {
        ModelClient c = client(b -> b, null);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("Header is missing: 'Authorization'").contains("Check ai_gateway.token");
    }

    @Test
    void aPromptTheTokenMayNotUseIs403() {
        ModelClient c = client(b -> b.denyPrompt("chat/explain_code"), TOKEN);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 403").contains("Unauthorized to access 'chat/explain_code'")
                .contains("unit primitives");
    }

    @Test
    void anUnknownPromptIsPromptNotFoundAsTheGatewaySaysIt() {
        ModelClient c = client(b -> b, TOKEN);
        ModelRequest r = ModelRequest.builder().promptCall(PromptCall.builder("chat/no_such_prompt").version("^1.0.0")
                .build()).build();
        PromptNotFoundException e = assertThrows(PromptNotFoundException.class, () -> c.complete(r, Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("Failed to load prompt definition for 'chat/no_such_prompt'")
                .contains("serve the feature directly");
        assertThat(e.context().status()).hasValue(400);
    }

    @Test
    void declared404PromptNotFoundIsPromptNotFound() {
        ModelClient c = client(Fault.status(404).withMessage("Prompt 'chat/explain_code' not found"));
        PromptNotFoundException e = assertThrows(PromptNotFoundException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 404").contains("Prompt 'chat/explain_code' not found")
                .contains("Use a gateway version that has it");
    }

    @Test
    void another404MeansTheUrlIsNotAGateway() {
        ModelClient c = client(Fault.status(404).withMessage("Not Found"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e).isNotInstanceOf(PromptNotFoundException.class);
        assertThat(e.getMessage()).contains("answered HTTP 404").contains("Check that ai_gateway.url is the gateway's base URL");
    }

    @Test
    void aConstraintNoVersionMatchesIsPromptNotFound() {
        ModelClient c = client(b -> b, TOKEN);
        PromptNotFoundException e = assertThrows(PromptNotFoundException.class,
                () -> c.complete(explain("^9.0.0", Map.of("selected_text", "x")), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("No version matching '^9.0.0'").contains("prompt_version");
    }

    @Test
    void anUnreadableConstraintIsInvalidConfig() {
        ModelClient c = client(b -> b, TOKEN);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> c.complete(explain("not a version", Map.of("selected_text", "x")), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("is not a valid PEP 440 constraint").contains("Fix the feature's prompt_version");
    }

    @Test
    void declared422InvalidVersionConstraintIsInvalidConfig() {
        ModelClient c = client(Fault.status(422).withMessage("Invalid version constraint"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("cannot read the version constraint '^1.0.0'").contains("prompt_version");
        assertThat(e.context().status()).hasValue(422);
    }

    @Test
    void anUnsupportedPromptIs422Configuration() {
        ModelClient c = client(b -> b.unsupportedPrompt("chat/explain_code"), TOKEN);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("Prompt 'chat/explain_code' is not supported").contains("Serve the feature directly");
    }

    @Test
    void aMissingInputIs422InvalidInput() {
        ModelClient c = client(b -> b, TOKEN);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> c.complete(explain("^1.0.0", Map.of("input", "what?", "file_name", "a.py", "language", "python",
                        "file_content", "")), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 422").contains("missing variables").contains("selected_text")
                .contains("Pass every input");
    }

    @Test
    void aBodyTheGatewayCannotValidateIs422InvalidRequest() {
        ModelClient c = client(Fault.status(422).withMessage("Validation error"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("could not validate").contains("Validation error");
    }

    @Test
    void another400IsInvalidRequest() {
        ModelClient c = client(Fault.status(400).withMessage("Argument error: provider must be present."));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 400").contains("provider must be present").contains("model_metadata");
        assertThat(e.retryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 401, 404, 400, 500, 503})
    void a421IsTypedByTheModelsOwnStatus(int inner) {
        String detail = inner + ": " + switch (inner) {
            case 429 -> "Too Many Requests";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            default -> "Service Unavailable";
        };
        ModelClient c = client(Fault.status(421).withMessage(detail));
        DuoException e = assertThrows(DuoException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        Class<? extends DuoException> type = switch (inner) {
            case 429 -> RateLimitedException.class;
            case 401 -> AuthenticationException.class;
            case 404 -> ModelNotFoundException.class;
            case 400 -> InvalidRequestException.class;
            default -> ProviderUnavailableException.class;
        };
        assertThat(e).isInstanceOf(type);
        assertThat(e.getMessage()).contains("the model behind the AI gateway (Codestral on vLLM) failed with HTTP " + inner)
                .contains("421: " + detail);
        assertThat(e.retryable()).isEqualTo(inner == 429 || inner >= 500);
        assertThat(e.context().status()).hasValue(421);
        assertThat(e.context().provider()).hasValue("ai_gateway");
    }

    @Test
    void rateLimitedKeepsTheGatewaysRetryAfter() {
        ModelClient c = client(Fault.status(429).withRetryAfter(Duration.ofSeconds(3)));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.context().retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("Too many requests");
    }

    @Test
    void inferenceFailedIs503Unavailable() {
        ModelClient c = client(Fault.status(503));
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("HTTP 503").contains("Inference failed");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aStreamedCallGetsTheSameTypedError() {
        ModelClient c = client(Fault.status(421).withMessage("429: Too Many Requests"));
        RecordingListener l = new RecordingListener();
        c.stream(explain(), Attempt.of(QUICK), l);
        l.awaitTerminal(Duration.ofSeconds(20));
        assertThat(l.error()).isInstanceOf(RateLimitedException.class);
        assertThat(l.chunks()).isEmpty();
    }

    @Test
    void aRequestWithoutAPromptCallIsRefusedNamingTheRoute() {
        ModelClient c = client(b -> b, TOKEN);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.complete(
                ModelRequest.builder().messages(java.util.List.of(dev.duo.Message.user("hi"))).build(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("serves prompts by id").contains("via: ai_gateway");
        assertThat(gateway.requestCount()).isZero();
    }

    @Test
    void theKeysNeverShowInAMessageEvenWhenTheGatewayEchoesThem() {
        ModelClient c = client(Fault.status(400).withMessage("bad api_key vllm-key-not-real for token " + TOKEN));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).doesNotContain("vllm-key-not-real").doesNotContain(TOKEN).contains("****");
    }

    @Test
    void aPlainHttpGatewayOnAnotherHostIsRefusedWithAToken() {
        AiGatewaySettings gw = AiGatewaySettings.builder().url(URI.create("http://aigw.example.com:5052")).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> provider.createClient(
                ProviderContext.builder(gw.asEndpoint()).apiKey(Secret.of(TOKEN)).build()));
        assertThat(e.getMessage()).contains("ai_gateway.url is refused").contains("https://")
                .contains("allow_insecure_endpoint").doesNotContain(TOKEN);
    }

    @Test
    void aRoutedModelsKeyIsNotSentOverPlainHttpToAnotherHostEither() {
        AiGatewaySettings gw = AiGatewaySettings.builder().url(URI.create("http://aigw.example.com:5052")).build();
        ModelClient c = provider.createClient(ProviderContext.builder(gw.asEndpoint()).build());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> c.complete(explain(), Attempt.of(QUICK)));
        assertThat(e.getMessage()).contains("ai_gateway.url is refused").contains("allow_insecure_endpoint")
                .doesNotContain("vllm-key-not-real");
    }

    @Test
    void withCustomModelsOffTheGatewayMustBeOnTheAllowlist() {
        AiGatewaySettings gw = AiGatewaySettings.builder().url(URI.create("https://aigw.example.com")).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> provider.createClient(
                ProviderContext.builder(gw.asEndpoint()).customModelsEnabled(false).build()));
        assertThat(e.getMessage()).contains("custom_endpoint_allowlist");
        ModelClient allowed = provider.createClient(ProviderContext.builder(gw.asEndpoint()).customModelsEnabled(false)
                .customEndpointAllowlist(java.util.List.of("https://aigw.example.com")).build());
        allowed.close();
    }
}
