package dev.duo.gateway.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidConfigException;
import dev.duo.InvalidInputException;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.ModelNotFoundException;
import dev.duo.PromptNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.model.ModelIdentifier;
import dev.duo.spi.Redactor;
import dev.duo.spi.PromptCall;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Headers;

/**
 * The one place where the AI gateway's answers become typed errors, as its prompt API
 * ({@code ai_gateway/api/v1/prompts/invoke.py}) and server ({@code api/server.py}) produce them:
 *
 * <ul>
 * <li>401 (the authentication middleware, {@code {"error": ...}}) and 403 (the token's unit
 *     primitives do not cover the prompt): {@link AuthenticationException};
 * <li>404 {@code Prompt '...' not found}: {@link PromptNotFoundException}; any other 404 means the
 *     URL is not a gateway: {@link ConfigurationException} naming {@code ai_gateway.url};
 * <li>422 {@code Invalid version constraint}: {@link InvalidConfigException} (the feature's
 *     prompt_version); {@code Prompt '...' is not supported}: {@link ConfigurationException};
 *     {@code Validation error} (the body): {@link InvalidRequestException}; anything else is the
 *     prompt's {@code KeyError} for a missing input: {@link InvalidInputException};
 * <li>400 (an invalid request, such as model_metadata the gateway cannot use): {@link InvalidRequestException};
 * <li>421 (the model behind the gateway failed, its status in {@code detail} as {@code "429: Too
 *     Many Requests"}): typed by that inner status, as a direct call to the model would be;
 * <li>429 (with {@code Retry-After}): {@link RateLimitedException}; 408: {@link DuoTimeoutException};
 *     5xx (503 {@code Inference failed}): {@link ProviderUnavailableException}.
 * </ul>
 *
 * Messages carry the gateway's own words (redacted, capped) and name the fix; the context carries
 * platform {@code ai_gateway}, the model, the HTTP status and the request id.
 */
public final class GatewayErrors {

    static final String LABEL = "The AI gateway";
    private static final ObjectMapper JSON = Json.mapper();
    private static final int MAX_GATEWAY_MESSAGE = 500;
    private static final Pattern INNER_STATUS = Pattern.compile("^\\s*(\\d{3})\\s*:");

    private final URI url;
    private final Redactor redactor;

    /**
     * @param url the gateway's base URL, for messages
     * @param redactor masks the token and keys wherever the gateway echoes them
     */
    public GatewayErrors(URI url, Redactor redactor) {
        this.url = url;
        this.redactor = redactor;
    }

    ErrorContext context(String model, Integer status, String requestId) {
        return ErrorContext.builder().provider(ModelIdentifier.AI_GATEWAY).model(model).status(status).requestId(requestId)
                .build();
    }

    /** The request id a response carries, or the one this client sent. */
    static String requestId(Headers headers, String sent) {
        String v = headers.get("x-request-id");
        return v != null && !v.isBlank() ? v : sent;
    }

    /** Maps an error status of a prompt call. */
    DuoException fromStatus(int status, Headers headers, String body, PromptCall call, String model, String requestId) {
        String said = gatewayMessage(body);
        String quote = said == null ? "" : ": " + said;
        ErrorContext ctx = context(model, status, requestId);
        String prompt = "prompt " + call.promptId() + call.version().map(v -> "@" + v).orElse("");
        return switch (status) {
            case 400 -> badRequest(said, quote, prompt, call, ctx);
            case 401 -> new AuthenticationException(LABEL + " refused the token (HTTP 401)" + quote
                    + ". Check ai_gateway.token: it must be a token the gateway's OIDC providers issued", null, ctx);
            case 403 -> new AuthenticationException(LABEL + " denied access to " + prompt + " (HTTP 403)" + quote
                    + ". The token's unit primitives (scopes) must include the feature's", null, ctx);
            case 404 -> said != null && said.startsWith("Prompt '")
                    ? new PromptNotFoundException(LABEL + " has no " + prompt + " (HTTP 404)" + quote
                            + ". Use a gateway version that has it, or serve the feature directly (provider: self_hosted"
                            + " without via: ai_gateway)", null, ctx)
                    : new ConfigurationException(LABEL + " URL " + url + " answered HTTP 404" + quote + " for "
                            + prompt + ". Check that ai_gateway.url is the gateway's base URL, such as"
                            + " http://localhost:5052", null, ctx);
            case 408 -> new DuoTimeoutException(LABEL + " timed out the call of " + prompt + " (HTTP 408)" + quote, null, ctx);
            case 421 -> fromModelFailure(said, prompt, model, requestId);
            case 422 -> unprocessable(said, quote, prompt, call, ctx);
            case 429 -> new RateLimitedException(LABEL + " rate-limited the call of " + prompt + " (HTTP 429)" + quote,
                    null, context(model, 429, requestId).toBuilder().retryAfter(retryAfter(headers)).build());
            default -> status >= 500
                    ? new ProviderUnavailableException(LABEL + " is unavailable (HTTP " + status + ")" + quote, null, ctx)
                    : new InvalidRequestException(LABEL + " rejected the call of " + prompt + " (HTTP " + status + ")"
                            + quote, null, ctx);
        };
    }

    /**
     * 400: the gateway's prompt lookup raises ValueError for an unknown prompt, a constraint no
     * version matches and one it cannot read (lib/version.py); anything else is an invalid request.
     */
    private DuoException badRequest(String said, String quote, String prompt, PromptCall call, ErrorContext ctx) {
        String detail = said == null ? "" : said;
        if (detail.startsWith("Failed to load prompt definition") && !detail.contains("No version")
                && !detail.contains("not a valid PEP 440")) {
            return new PromptNotFoundException(LABEL + " has no " + prompt + " (HTTP 400)" + quote
                    + ". Use a gateway version that has it, or serve the feature directly (provider: self_hosted without"
                    + " via: ai_gateway)", null, ctx);
        }
        if (detail.contains("is not a valid PEP 440 constraint")) {
            return new InvalidConfigException(LABEL + " cannot read the version constraint '" + call.version().orElse("")
                    + "' of " + call.promptId() + " (HTTP 400)" + quote
                    + ". Fix the feature's prompt_version (a version such as 1.0.0, ^1.0.0 or ~1.0)", null, ctx);
        }
        if (detail.startsWith("No version matching")) {
            return new PromptNotFoundException(LABEL + " has no version of " + call.promptId() + " matching '"
                    + call.version().orElse("") + "' (HTTP 400)" + quote + ". Change the feature's prompt_version to one"
                    + " of the versions it lists, or upgrade the gateway", null, ctx);
        }
        return new InvalidRequestException(LABEL + " rejected the call of " + prompt + " (HTTP 400)" + quote
                + ". Check the model sent as model_metadata (its family and identifier) and the inputs", null, ctx);
    }

    private DuoException unprocessable(String said, String quote, String prompt, PromptCall call, ErrorContext ctx) {
        String detail = said == null ? "" : said;
        if (detail.equals("Invalid version constraint")) {
            return new InvalidConfigException(LABEL + " cannot read the version constraint '"
                    + call.version().orElse("") + "' of " + call.promptId() + " (HTTP 422)" + quote
                    + ". Fix the feature's prompt_version (a version such as 1.0.0, ^1.0.0 or ~1.0)", null, ctx);
        }
        if (detail.startsWith("Prompt '") && detail.endsWith("is not supported")) {
            return new ConfigurationException(LABEL + " does not serve " + prompt + " through its prompt API (HTTP 422)"
                    + quote + ". Serve the feature directly (provider: self_hosted without via: ai_gateway)", null, ctx);
        }
        if (detail.isEmpty() || detail.equals("Validation error") || detail.startsWith("[")) {
            return new InvalidRequestException(LABEL + " could not validate the call of " + prompt + " (HTTP 422)"
                    + quote + ". The request body did not match the prompt API", null, ctx);
        }
        // What is left is the prompt's KeyError: the template needs an input that was not sent.
        return new InvalidInputException(LABEL + "'s " + prompt + " needs an input the call did not pass (HTTP 422)"
                + quote + ". Pass every input the gateway's prompt uses (declare it in the feature's inputs)", null, ctx);
    }

    /** 421: the gateway reached the model, and the model failed; type by the model's own status. */
    private DuoException fromModelFailure(String said, String prompt, String model, String requestId) {
        String detail = said == null ? "" : said;
        Matcher m = INNER_STATUS.matcher(detail);
        int inner = m.find() ? Integer.parseInt(m.group(1)) : 0;
        ErrorContext ctx = context(model, 421, requestId);
        String what = "the model behind the AI gateway" + (model == null ? "" : " (" + model + ")");
        String base = "calling " + prompt + ", " + what + " failed with HTTP " + (inner == 0 ? "?" : inner)
                + " (the gateway answered 421: " + detail + ")";
        return switch (inner) {
            case 429 -> new RateLimitedException("Rate limited: " + base, null, ctx);
            case 401, 403 -> new AuthenticationException(capitalize(base) + ". Check the model's api_key", null, ctx);
            case 404 -> new ModelNotFoundException(capitalize(base) + ". Check the model's identifier and endpoint", null, ctx);
            case 400, 413, 422 -> new InvalidRequestException(capitalize(base), null, ctx);
            case 408 -> new DuoTimeoutException(capitalize(base), null, ctx);
            default -> new ProviderUnavailableException(capitalize(base), null, ctx);
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code Retry-After} in seconds, as the gateway passes on the model's; null when absent or unreadable. */
    static Duration retryAfter(Headers headers) {
        String v = headers.get("Retry-After");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A network failure; {@code midStream} says whether the answer had started. */
    DuoException fromIOException(IOException e, boolean cancelled, boolean midStream, String model, String requestId) {
        ErrorContext ctx = context(model, null, requestId);
        String why = redactor.redact(String.valueOf(e.getMessage()));
        if (cancelled) {
            return new CancelledException("the call to " + LABEL.toLowerCase(java.util.Locale.ROOT) + " was cancelled", e, ctx);
        }
        if (e instanceof SocketTimeoutException) {
            return new DuoTimeoutException(midStream
                    ? LABEL + " sent nothing for longer than the idle timeout (timeouts.idle) in the middle of the answer"
                    : LABEL + " did not answer within the timeout (" + why + "): raise the timeouts if it is slow", e, ctx);
        }
        if (e instanceof InterruptedIOException) {
            return new DuoTimeoutException(LABEL + " did not finish within the attempt timeout (timeouts.attempt)", e, ctx);
        }
        if (e instanceof UnknownHostException || e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new ProviderUnavailableException("could not connect to " + LABEL.toLowerCase(java.util.Locale.ROOT)
                    + " at " + url + " (" + why + "): check ai_gateway.url and that the gateway is running", e, ctx);
        }
        if (e instanceof SSLException) {
            return new ProviderUnavailableException("the TLS handshake with " + LABEL.toLowerCase(java.util.Locale.ROOT)
                    + " at " + url + " failed (" + why + "): check ai_gateway.url, or http.truststore for a private CA", e, ctx);
        }
        return new ProviderUnavailableException("the connection to " + LABEL.toLowerCase(java.util.Locale.ROOT)
                + (midStream ? " dropped mid-answer (" : " failed (") + why + ")", e, ctx);
    }

    /** The body is not what the prompt API defines. */
    InvalidResponseException malformed(String what, Throwable cause, Integer status, String model, String requestId) {
        return new InvalidResponseException(LABEL + " sent " + redactor.redact(what) + "; check that ai_gateway.url ("
                + url + ") is a GitLab AI gateway and nothing in between rewrites its answers", cause, false,
                context(model, status, requestId));
    }

    /** The gateway's own words from an error body: FastAPI's {@code detail}, the auth middleware's {@code error}. */
    String gatewayMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text;
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.hasNonNull("detail")) {
                JsonNode d = root.get("detail");
                text = d.isTextual() ? d.asText() : d.toString();
            } else if (root != null && root.hasNonNull("error")) {
                JsonNode e = root.get("error");
                text = e.isTextual() ? e.asText() : e.path("message").asText(e.toString());
            } else {
                text = body;
            }
        } catch (IOException notJson) {
            text = body;
        }
        text = sanitize(redactor.redact(text.strip()));
        return text.length() > MAX_GATEWAY_MESSAGE ? text.substring(0, MAX_GATEWAY_MESSAGE) + "..." : text;
    }

    /** Control characters escaped, so a hostile body cannot forge log lines. */
    private static String sanitize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
