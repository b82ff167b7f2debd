package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.spi.Json;
import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidResponseException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.spi.Redactor;
import dev.duo.spi.StatusErrors;
import dev.duo.spi.UntrustedText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;
import okhttp3.Headers;

/**
 * The one place where OpenAI-compatible errors become {@link DuoException}s: HTTP statuses,
 * network failures, error objects inside a stream, unreadable bodies. Every message names the
 * platform, carries the provider's own words (redacted), and the context carries status and
 * request id.
 *
 * <p>402 (payment required) is mapped to a non-retryable {@link AuthenticationException}: the
 * account is not allowed to make the call until someone fixes its billing, which is the same
 * remedy (an operator acting on the account) as a revoked key, and retrying cannot help.
 */
public final class ErrorMapper {

    private static final ObjectMapper JSON = Json.mapper();
    private static final int MAX_PROVIDER_MESSAGE = 500;

    private final String platform;
    private final String modelName;
    private final String label;
    private final Redactor redactor;
    private final Clock clock;

    public ErrorMapper(String platform, String modelName, Redactor redactor, Clock clock) {
        this.platform = platform;
        this.modelName = modelName;
        this.label = label(platform);
        this.redactor = redactor;
        this.clock = clock;
    }

    /** How messages name the platform. */
    static String label(String platform) {
        return switch (platform) {
            case "fireworks_ai" -> "Fireworks AI";
            case "openai" -> "OpenAI";
            case "azure" -> "Azure OpenAI";
            case "vertex_ai" -> "Vertex AI";
            default -> "The OpenAI-compatible server";
        };
    }

    /** The request id a response carries, from the first header that holds one. */
    public static String requestId(Headers headers) {
        for (String name : new String[] {"x-request-id", "fireworks-request-id", "request-id", "x-amzn-requestid",
                "apim-request-id"}) {
            String v = headers.get(name);
            if (v != null && !v.isBlank()) {
                return UntrustedText.sanitize(v.strip(), 200);
            }
        }
        return null;
    }

    public ErrorContext.Builder context(Integer status, String requestId) {
        return ErrorContext.builder().provider(platform).model(modelName).status(status).requestId(requestId);
    }

    /** Maps an error status, with the body's text (possibly null). */
    public DuoException fromStatus(int status, Headers headers, String body) {
        String said = providerMessage(body);
        return fromStatusQuoting(status, headers, said == null ? "" : ": " + said);
    }

    private DuoException fromStatusQuoting(int status, Headers headers, String quote) {
        String requestId = requestId(headers);
        ErrorContext ctx = context(status, requestId).build();
        if (status == 429) {
            return rateLimited(headers, quote, requestId);
        }
        // The type comes from the SPI's one status table; the words are this provider's own.
        String message = switch (status) {
            case 401 -> label + " refused the api key (HTTP 401)" + quote + ". Check the model's api_key";
            case 402 -> label + " requires payment (HTTP 402)" + quote + ". Check the account's billing or credits";
            case 403 -> label + " denied access (HTTP 403)" + quote + ". Check that the api key may use this model";
            case 404 -> label + " does not serve this model (HTTP 404)" + quote
                    + ". Check the model identifier and that it is deployed";
            case 408 -> label + " timed out the request (HTTP 408)" + quote;
            case 500, 502, 503, 504, 529 -> label + " is unavailable (HTTP " + status + ")" + quote;
            default -> status >= 500 ? label + " failed (HTTP " + status + ")" + quote
                    : label + " rejected the request (HTTP " + status + ")" + quote
                            + (status == 413 ? ". Shorten the prompt or lower max_tokens" : "");
        };
        return StatusErrors.exception(StatusErrors.kindOf(status), message, null, ctx);
    }

    private RateLimitedException rateLimited(Headers headers, String quote, String requestId) {
        Duration wait = retryAfter(headers);
        StringBuilder limits = new StringBuilder();
        appendLimit(limits, headers, "x-ratelimit-limit-requests", "requests");
        appendLimit(limits, headers, "x-ratelimit-limit-tokens-prompt", "prompt tokens");
        appendLimit(limits, headers, "x-ratelimit-limit-tokens-generated", "generated tokens");
        appendLimit(limits, headers, "x-ratelimit-limit-tokens", "tokens");
        // Azure OpenAI (and OpenAI) say what is left rather than the limit.
        appendLimit(limits, headers, "x-ratelimit-remaining-requests", "remaining requests");
        appendLimit(limits, headers, "x-ratelimit-remaining-tokens", "remaining tokens");
        boolean over = "yes".equalsIgnoreCase(headers.get("x-ratelimit-over-limit"));
        String msg = label + " rate-limited the request (HTTP 429)" + quote
                + (over ? "; the account is over its limit" : "")
                + (limits.length() == 0 ? "" : " (limits: " + limits + ")");
        return new RateLimitedException(msg, null, context(429, requestId).retryAfter(wait).build());
    }

    private static void appendLimit(StringBuilder sb, Headers headers, String name, String what) {
        String v = headers.get(name);
        if (v != null) {
            sb.append(sb.length() == 0 ? "" : ", ").append(what).append('=').append(UntrustedText.sanitize(v, 100));
        }
    }

    /** {@code Retry-After} (seconds or an HTTP date) or {@code retry-after-ms}; null when absent or unreadable. */
    Duration retryAfter(Headers headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String v = headers.get("Retry-After");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** An {@code {"error": ...}} object received inside a stream. */
    DuoException fromStreamError(JsonNode error, String requestId) {
        String said = UntrustedText.sanitize(redactor.redact(errorText(error)), MAX_PROVIDER_MESSAGE);
        int code = error.path("code").asInt(0);
        if (code == 0) {
            code = error.path("status").asInt(0);
        }
        if (code >= 400 && code <= 599) {
            return fromStatusQuoting(code, requestIdHeaders(requestId), " inside the stream: " + said);
        }
        return new ProviderUnavailableException(label + " reported an error inside the stream: " + said,
                null, context(null, requestId).build());
    }

    private static Headers requestIdHeaders(String requestId) {
        return requestId == null ? Headers.of() : Headers.of("x-request-id", requestId);
    }

    /** A network failure; {@code streaming} says whether the answer had started. */
    public DuoException fromIOException(IOException e, boolean cancelled, boolean midStream, String requestId) {
        ErrorContext ctx = context(null, requestId).build();
        String why = UntrustedText.sanitize(redactor.redact(String.valueOf(e.getMessage())), MAX_PROVIDER_MESSAGE);
        if (cancelled) {
            return new CancelledException("the call to " + label + " was cancelled", e, ctx);
        }
        if (e instanceof RedirectGuard.Refused) {
            return new ConfigurationException(label + ": " + e.getMessage(), null, ctx);
        }
        if (e instanceof SocketTimeoutException) {
            return new DuoTimeoutException(midStream
                    ? label + " sent nothing for longer than the idle timeout (timeouts.idle) in the middle of the answer"
                    : label + " did not answer within the timeout (" + why + "): raise the model's timeouts if it is slow", e, ctx);
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp's call timeout surfaces as InterruptedIOException("timeout").
            return new DuoTimeoutException(label + " did not finish within the attempt timeout (timeouts.attempt)", e, ctx);
        }
        if (e instanceof UnknownHostException || e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new ProviderUnavailableException("could not connect to " + label + " (" + why
                    + "): check the endpoint and that the server is running", e, ctx);
        }
        if (e instanceof SSLException) {
            return new ProviderUnavailableException("the TLS handshake with " + label + " failed (" + why
                    + "): check the endpoint, or http.truststore for a private CA", e, ctx);
        }
        return new ProviderUnavailableException((midStream ? "the connection to " + label + " dropped mid-answer ("
                : "the connection to " + label + " failed (") + why + ")", e, ctx);
    }

    /** The body could not be read as the protocol says. */
    public InvalidResponseException malformed(String what, Throwable cause, Integer status, String requestId) {
        return new InvalidResponseException(label + " sent " + UntrustedText.sanitize(redactor.redact(what),
                MAX_PROVIDER_MESSAGE), cause, false,
                context(status, requestId).build());
    }

    /** The stream ended without {@code [DONE]} or a finish reason: retryable. */
    public InvalidResponseException truncated(String requestId) {
        return new InvalidResponseException(label + " ended the stream before the answer was finished"
                + " (no finish_reason and no [DONE])", null, true, context(200, requestId).build());
    }

    /** The provider's own words from an error body: OpenAI, vLLM/FastAPI and plain-text shapes. */
    public String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text;
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                text = body;
            } else if (root.has("error")) {
                text = errorText(root.get("error"));
            } else if (root.hasNonNull("message")) {
                text = root.get("message").asText();
            } else if (root.hasNonNull("detail")) {
                JsonNode d = root.get("detail");
                text = d.isTextual() ? d.asText() : d.toString();
            } else {
                text = body;
            }
        } catch (IOException notJson) {
            text = body;
        }
        // Redacted whole, then cut and escaped: a newline or an escape sequence in an error body must not
        // forge a log line or drive the terminal a message is printed on.
        return UntrustedText.sanitize(redactor.redact(text.strip()), MAX_PROVIDER_MESSAGE);
    }

    private static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.hasNonNull("message")) {
            return error.get("message").asText();
        }
        return error.toString();
    }
}
