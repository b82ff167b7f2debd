package dev.duo.bedrock;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static dev.duo.bedrock.Fixtures.context;
import static dev.duo.bedrock.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.FakeBedrockServer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Bedrock error, answered as an HTTP error or inside a stream, becomes the right DuoException. */
class BedrockErrorsTest {

    private static FakeBedrockServer bedrock;
    private static BedrockProvider provider;
    private static ModelClient client;

    @BeforeAll
    static void start() {
        bedrock = FakeBedrockServer.start();
        provider = new BedrockProvider();
        client = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV));
    }

    @AfterAll
    static void stop() {
        provider.close();
        bedrock.close();
    }

    @AfterEach
    void reset() {
        bedrock.faultPlan(FaultPlan.none());
        bedrock.streamErrorsInBand(-1);
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(Fault.status(429), RateLimitedException.class, true, "ThrottlingException"),
                Arguments.of(Fault.status(429).withMessage("ModelNotReadyException: the model is warming up"),
                        RateLimitedException.class, true, "the model is not ready yet"),
                Arguments.of(Fault.status(503), ProviderUnavailableException.class, true, "ServiceUnavailableException"),
                Arguments.of(Fault.status(408), DuoTimeoutException.class, true, "ModelTimeoutException"),
                Arguments.of(Fault.status(500), ProviderUnavailableException.class, true, "InternalServerException"),
                Arguments.of(Fault.status(424), ProviderUnavailableException.class, true, "ModelErrorException"),
                Arguments.of(Fault.status(400).withMessage("ValidationException: messages: blank text"),
                        InvalidRequestException.class, false, "messages: blank text"),
                Arguments.of(Fault.status(400).withMessage("ServiceQuotaExceededException: too many tokens per day"),
                        InvalidRequestException.class, false, "too many tokens per day"),
                Arguments.of(Fault.status(403), AuthenticationException.class, false, "check the AWS credentials or API key"),
                Arguments.of(Fault.status(404), ModelNotFoundException.class, false, "check the identifier"));
    }

    @ParameterizedTest(name = "converse {0}")
    @MethodSource("httpErrors")
    void converseErrorsAreMapped(Fault fault, Class<? extends DuoException> type, boolean retryable, String text) {
        bedrock.faultPlan(FaultPlan.builder().next(fault).build());
        DuoException e = catchThrowableOfType(DuoException.class, () -> client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertMapped(e, type, retryable, text, ((Fault.Status) fault).code());
    }

    @ParameterizedTest(name = "converse-stream {0}")
    @MethodSource("httpErrors")
    void converseStreamHttpErrorsAreMapped(Fault fault, Class<? extends DuoException> type, boolean retryable, String text)
            throws Exception {
        bedrock.faultPlan(FaultPlan.builder().next(fault).build());
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("Hi"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.chunks).isEmpty();
        assertThat(r.terminals.get()).isEqualTo(1);
        assertMapped(r.error, type, retryable, text, ((Fault.Status) fault).code());
    }

    private static void assertMapped(DuoException e, Class<? extends DuoException> type, boolean retryable,
            String text, int status) {
        assertThat(e).isInstanceOf(type).hasMessageContaining(text).hasMessageContaining("Claude Sonnet 4 [Bedrock]");
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.context().provider()).contains("bedrock");
        assertThat(e.context().model()).contains("Claude Sonnet 4 [Bedrock]");
        assertThat(e.context().status()).hasValue(status);
        assertThat(e.context().requestId()).get().asString().startsWith("00000000-fake");
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                Arguments.of(Fault.status(429), RateLimitedException.class, true),
                Arguments.of(Fault.status(424), ProviderUnavailableException.class, true),
                Arguments.of(Fault.status(500), ProviderUnavailableException.class, true),
                Arguments.of(Fault.status(503), ProviderUnavailableException.class, true),
                Arguments.of(Fault.status(408), DuoTimeoutException.class, true),
                Arguments.of(Fault.status(400), InvalidRequestException.class, false));
    }

    @ParameterizedTest(name = "in-stream {0}")
    @MethodSource("streamErrors")
    void exceptionFramesInsideAStreamAreMappedAfterTheChunksBeforeThem(Fault fault, Class<? extends DuoException> type,
            boolean retryable) throws Exception {
        bedrock.faultPlan(FaultPlan.builder().next(fault).build());
        bedrock.streamErrorsInBand(2);
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("Tell me a story"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.chunks).hasSize(2);
        assertThat(r.terminals.get()).isEqualTo(1);
        assertThat(r.completion).isNull();
        assertThat(r.error).isInstanceOf(type).hasMessageContaining("Claude Sonnet 4 [Bedrock]");
        assertThat(r.error.retryable()).isEqualTo(retryable);
        assertThat(r.error.context().provider()).contains("bedrock");
        assertThat(r.error.context().status().orElse(500)).as("never the stream's 200").isGreaterThanOrEqualTo(400);
    }

    @Test
    void throttlingCarriesTheRetryAfterBedrockAskedFor() {
        bedrock.faultPlan(FaultPlan.builder().next(Fault.status(429).withRetryAfter(Duration.ofSeconds(3))).build());
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(e.context().retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void theCallAfterAFaultSucceedsOnTheSameClient() {
        bedrock.faultPlan(FaultPlan.builder().next(Fault.status(503)).build());
        catchThrowableOfType(ProviderUnavailableException.class, () -> client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(client.complete(request("Hi again"), Attempt.of(Timeouts.DEFAULTS)).text()).contains("Hi again");
    }
}
