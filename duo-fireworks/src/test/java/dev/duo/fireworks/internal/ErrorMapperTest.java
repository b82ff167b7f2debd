package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.model.Secret;
import dev.duo.spi.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final ErrorMapper errors = new ErrorMapper("fireworks_ai", "Mixtral", Redactor.of(java.util.List.of(Secret.of("fw-secret-123"))),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Headers ID = Headers.of("x-request-id", "req-42");

    private static String body(String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"x\",\"code\":null}}";
    }

    @ParameterizedTest
    @CsvSource({
        "400, dev.duo.InvalidRequestException, false, rejected the request (HTTP 400)",
        "412, dev.duo.InvalidRequestException, false, rejected the request (HTTP 412)",
        "413, dev.duo.InvalidRequestException, false, Shorten the prompt or lower max_tokens",
        "401, dev.duo.AuthenticationException, false, Check the model's api_key",
        "402, dev.duo.AuthenticationException, false, Check the account's billing or credits",
        "403, dev.duo.AuthenticationException, false, denied access (HTTP 403)",
        "404, dev.duo.ModelNotFoundException, false, Check the model identifier and that it is deployed",
        "408, dev.duo.DuoTimeoutException, true, timed out the request (HTTP 408)",
        "429, dev.duo.RateLimitedException, true, rate-limited the request (HTTP 429)",
        "500, dev.duo.ProviderUnavailableException, true, is unavailable (HTTP 500)",
        "502, dev.duo.ProviderUnavailableException, true, is unavailable (HTTP 502)",
        "503, dev.duo.ProviderUnavailableException, true, is unavailable (HTTP 503)",
        "504, dev.duo.ProviderUnavailableException, true, is unavailable (HTTP 504)",
    })
    void mapsEveryStatus(int status, Class<? extends DuoException> type, boolean retryable, String says) {
        DuoException e = errors.fromStatus(status, ID, body("the model said no"));
        assertThat(e).isInstanceOf(type);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).startsWith("Fireworks AI").contains(says).contains(": the model said no")
                .contains("request id=req-42").contains("status=" + status).contains("model=Mixtral");
        assertThat(e.context().requestId()).contains("req-42");
    }

    @Test
    void rateLimitReadsRetryAfterSecondsAndLimitHeaders() {
        Headers h = Headers.of("Retry-After", "3", "x-ratelimit-limit-requests", "600",
                "x-ratelimit-limit-tokens-generated", "10000", "x-ratelimit-over-limit", "yes");
        DuoException e = errors.fromStatus(429, h, body("slow down"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.context().retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("over its limit").contains("requests=600").contains("generated tokens=10000");
    }

    @Test
    void retryAfterAsHttpDate() {
        Headers h = Headers.of("Retry-After", "Tue, 24 Nov 2026 12:00:07 GMT");
        assertThat(errors.retryAfter(h)).isEqualTo(Duration.ofSeconds(7));
        assertThat(errors.retryAfter(Headers.of("Retry-After", "Tue, 24 Nov 2026 11:00:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(errors.retryAfter(Headers.of("Retry-After", "soon"))).isNull();
        assertThat(errors.retryAfter(Headers.of("retry-after-ms", "1500"))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void readsOtherErrorShapes() {
        assertThat(errors.fromStatus(400, ID, "{\"object\":\"error\",\"message\":\"vllm says\"}").getMessage()).contains("vllm says");
        assertThat(errors.fromStatus(422, ID, "{\"detail\":\"fastapi says\"}").getMessage()).contains("fastapi says");
        assertThat(errors.fromStatus(500, ID, "<html>Bad gateway</html>").getMessage()).contains("<html>Bad gateway</html>");
        assertThat(errors.fromStatus(503, ID, "{\"error\":\"plain string\"}").getMessage()).contains("plain string");
        assertThat(errors.fromStatus(503, ID, "").getMessage()).endsWith("]").contains("(HTTP 503) [");
    }

    @Test
    void masksTheKeyEchoedByTheProvider() {
        DuoException e = errors.fromStatus(401, ID, body("invalid key fw-secret-123"));
        assertThat(e.getMessage()).doesNotContain("fw-secret-123").contains("invalid key ****");
    }

    @Test
    void errorObjectInsideAStream() throws IOException {
        var json = new ObjectMapper();
        DuoException e = errors.fromStreamError(json.readTree("{\"message\":\"overloaded\",\"code\":503}"), "req-9");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e.getMessage()).contains("inside the stream: overloaded").contains("request id=req-9");
        DuoException noCode = errors.fromStreamError(json.readTree("{\"message\":\"boom\",\"type\":\"server_error\"}"), null);
        assertThat(noCode).isInstanceOf(ProviderUnavailableException.class);
        assertThat(noCode.getMessage()).contains("reported an error inside the stream: boom");
        assertThat(errors.fromStreamError(json.readTree("{\"message\":\"bad\",\"code\":400}"), null))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void mapsNetworkFailures() {
        assertThat(errors.fromIOException(new ConnectException("Connection refused"), false, false, null))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("could not connect to Fireworks AI")
                .hasMessageContaining("check the endpoint");
        assertThat(errors.fromIOException(new UnknownHostException("nope.invalid"), false, false, null))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(errors.fromIOException(new SocketTimeoutException("timeout"), false, true, null))
                .isInstanceOf(DuoTimeoutException.class).hasMessageContaining("timeouts.idle");
        assertThat(errors.fromIOException(new InterruptedIOException("timeout"), false, false, null))
                .isInstanceOf(DuoTimeoutException.class).hasMessageContaining("timeouts.attempt");
        assertThat(errors.fromIOException(new IOException("unexpected end of stream"), false, true, null))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("dropped mid-answer");
        assertThat(errors.fromIOException(new IOException("Canceled"), true, true, null))
                .isInstanceOf(CancelledException.class);
    }

    @Test
    void truncatedStreamIsRetryable() {
        assertThat(errors.truncated("r").retryable()).isTrue();
        assertThat(errors.truncated("r").getMessage()).contains("no finish_reason and no [DONE]");
        assertThat(errors.malformed("a body that is not JSON", null, 200, "r").retryable()).isFalse();
    }

    @Test
    void labelsPlatforms() {
        assertThat(ErrorMapper.label("openai")).isEqualTo("OpenAI");
        assertThat(ErrorMapper.label("custom_openai")).isEqualTo("The OpenAI-compatible server");
        assertThat(new ErrorMapper("custom_openai", "m", Redactor.PATTERNS_ONLY, Clock.systemUTC())
                .fromStatus(404, Headers.of(), null)).isInstanceOf(ModelNotFoundException.class)
                .hasMessageStartingWith("The OpenAI-compatible server does not serve this model");
        assertThat(ErrorMapper.requestId(Headers.of("fireworks-request-id", "fw-1"))).isEqualTo("fw-1");
        assertThat(new AuthenticationException("x").retryable()).isFalse();
    }
}
