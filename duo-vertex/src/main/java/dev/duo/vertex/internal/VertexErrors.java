package dev.duo.vertex.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.InvalidResponseException;
import dev.duo.ModelNotFoundException;
import dev.duo.fireworks.internal.ErrorMapper;
import dev.duo.spi.Redactor;
import java.io.IOException;
import okhttp3.Headers;

/**
 * Vertex AI's errors: what only Vertex means by a status (401: the access token; 403: the model is
 * not enabled for the project, or the principal lacks the role; 404: the model or version is not
 * offered in that region) worded here with the fix, everything else (400, 408, 429 with its
 * {@code Retry-After}, 5xx, network failures, unreadable bodies) through the OpenAI-compatible
 * provider's {@link ErrorMapper}, the status-to-type table the providers share. Google's error
 * bodies ({@code {"error": {"code", "message", "status"}}}) and Anthropic's
 * ({@code {"type": "error", "error": {"type", "message"}}}) both give their message.
 */
final class VertexErrors {

    private final ErrorMapper common;
    private final Redactor redactor;
    private final VertexTarget target;
    private final GoogleAuth auth;
    private final String modelName;

    VertexErrors(ErrorMapper common, Redactor redactor, VertexTarget target, GoogleAuth auth, String modelName) {
        this.common = common;
        this.redactor = redactor;
        this.target = target;
        this.auth = auth;
        this.modelName = modelName;
    }

    ErrorMapper common() {
        return common;
    }

    private String where() {
        return (target.claude() ? "Anthropic" : "Google") + " model '" + target.modelId() + "' in project "
                + target.project() + ", region " + target.region();
    }

    /** An error answer. */
    DuoException fromStatus(int status, Headers headers, String body) {
        String said = common.providerMessage(body);
        String quote = said == null ? "" : ": " + said;
        ErrorContext ctx = common.context(status, ErrorMapper.requestId(headers)).build();
        return switch (status) {
            case 401 -> new AuthenticationException("Vertex AI refused the access token (HTTP 401)" + quote + ". "
                    + (auth.refreshable()
                            ? "Check that the credentials (" + auth.source() + ") are valid and not revoked"
                            : auth.source() + " cannot be refreshed and has probably expired: get a new one"
                                    + " (gcloud auth print-access-token), or use a service-account key file"
                                    + " (credentials_file or GOOGLE_APPLICATION_CREDENTIALS), whose tokens are refreshed"),
                    null, ctx);
            case 403 -> new AuthenticationException("Vertex AI denied access to " + where() + " (HTTP 403)" + quote
                    + ". Enable the model for the project in Vertex AI Model Garden (for Claude, accept Anthropic's"
                    + " terms there), check that region " + target.region() + " offers it, and that the credentials'"
                    + " principal has the Vertex AI User role (roles/aiplatform.user)", null, ctx);
            case 404 -> new ModelNotFoundException("Vertex AI does not serve " + where() + " (HTTP 404)" + quote
                    + ". Check the model id and version (such as claude-sonnet-4@20250514 or gemini-2.0-flash-001)"
                    + " and that the region offers it", null, ctx);
            default -> common.fromStatus(status, headers, body);
        };
    }

    /** An error event inside a stream (Anthropic's {@code error} event, or Google's error object). */
    DuoException fromStreamError(JsonNode error, String requestId) {
        int status = error.path("code").isInt() ? error.path("code").asInt() : switch (error.path("type").asText("")) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> 529;
            default -> 500;
        };
        ObjectNode body = VertexProtocol.JSON.createObjectNode();
        body.putObject("error").put("message", "inside the stream: " + error.path("message").asText(error.toString()));
        Headers h = requestId == null ? Headers.of() : Headers.of("x-request-id", requestId);
        return fromStatus(status < 400 || status > 599 ? 500 : status, h, body.toString());
    }

    /** A network failure, or (for {@link AuthInterceptor.TokenUnavailable}) no access token. */
    DuoException fromIOException(IOException e, boolean cancelled, boolean midStream, String requestId) {
        if (e instanceof AuthInterceptor.TokenUnavailable t && !cancelled) {
            String fix = auth.source().equals("application default credentials")
                    ? "run gcloud auth application-default login, or set credentials_file on the model (or"
                            + " GOOGLE_APPLICATION_CREDENTIALS) to a service-account key file"
                    : "check that the service account and its key still exist and are enabled (a deleted, disabled or"
                            + " revoked key cannot be refreshed), or download a new key";
            return new AuthenticationException("could not get a Google access token for model '" + modelName + "' from "
                    + auth.source() + " (" + redactor.redact(t.getMessage()) + "): " + fix, e,
                    common.context(null, requestId).build());
        }
        return common.fromIOException(e, cancelled, midStream, requestId);
    }

    InvalidResponseException malformed(String what, Throwable cause, Integer status, String requestId) {
        return common.malformed(what, cause, status, requestId);
    }

    /** The stream ended before the answer said it was complete: retryable. */
    InvalidResponseException truncated(String requestId) {
        return new InvalidResponseException("Vertex AI ended the stream before the answer was finished ("
                + (target.claude() ? "no message_stop event" : "no finishReason") + ")", null, true,
                common.context(200, requestId).build());
    }
}
