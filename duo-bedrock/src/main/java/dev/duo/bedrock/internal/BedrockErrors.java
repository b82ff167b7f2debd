package dev.duo.bedrock.internal;

import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.MissingCredentialsException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.spi.StatusErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The one place Bedrock's failures become {@link DuoException}s, whether thrown by the sync client,
 * completing the async future, or arriving as an exception frame inside a ConverseStream.
 *
 * <ul>
 *   <li>ThrottlingException, ModelNotReadyException (429): {@link RateLimitedException}, retryable.</li>
 *   <li>ServiceUnavailableException (503), InternalServerException (500): {@link ProviderUnavailableException}.</li>
 *   <li>ModelErrorException, ModelStreamErrorException (424): {@link ProviderUnavailableException},
 *       retryable: the model itself failed on this request, which AWS describes as transient
 *       (a retry usually succeeds); a request that always breaks the model is bounded by the retry budget.</li>
 *   <li>ModelTimeoutException (408) and client-side deadlines: {@link DuoTimeoutException}.</li>
 *   <li>ValidationException, ServiceQuotaExceededException (400): {@link InvalidRequestException}, not retryable.</li>
 *   <li>AccessDeniedException (403) and other 401/403: {@link AuthenticationException}.</li>
 *   <li>ResourceNotFoundException (404): {@link ModelNotFoundException}.</li>
 *   <li>Connection failures: {@link ProviderUnavailableException}; unreadable answers: {@link InvalidResponseException}.</li>
 * </ul>
 * Messages carry AWS's own error message (which never holds a credential) and the context carries
 * provider {@code bedrock}, the model's name, the HTTP status and the AWS request id.
 */
public final class BedrockErrors {

    /** The platform id put in every error context. */
    public static final String PROVIDER = "bedrock";

    private BedrockErrors() {
    }

    /** Maps any failure of a call to the model named {@code model}. */
    public static DuoException map(Throwable error, String model) {
        Throwable t = unwrap(error);
        DuoException own = findDuo(t);
        if (own != null) {
            return own;
        }
        if (t instanceof AwsServiceException e) {
            return service(e, model);
        }
        ErrorContext ctx = ErrorContext.builder().provider(PROVIDER).model(model).build();
        if (t instanceof CancellationException || t instanceof AbortedException && isInterrupt(t)) {
            return new CancelledException("The Bedrock call to model '" + model + "' was cancelled", t, ctx);
        }
        if (t instanceof SdkClientException && messageHas(t, "unable to load credentials")) {
            return new MissingCredentialsException(AwsAuth.missingMessage(model, null), t, ctx);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return new DuoTimeoutException("Bedrock model '" + model + "' did not answer within its deadline ("
                    + t.getMessage() + "); raise the model's timeouts if its answers are long", t, ctx);
        }
        if (has(t, SocketTimeoutException.class) || has(t, TimeoutException.class) || hasNamed(t, "ReadTimeoutException")
                || hasNamed(t, "WriteTimeoutException") || hasNamed(t, "ConnectTimeoutException")
                || messageHas(t, "timed out") || messageHas(t, "timeout")) {
            return new DuoTimeoutException("Bedrock model '" + model + "': " + describe(t)
                    + "; the connection or the stream stayed silent longer than the model's timeouts allow", t, ctx);
        }
        if (has(t, ConnectException.class) || has(t, UnknownHostException.class)) {
            return new ProviderUnavailableException("Cannot connect to Bedrock for model '" + model + "': "
                    + describe(t) + "; check the region, the endpoint override and the network", t, ctx);
        }
        if (has(t, ResponseSizeLimit.TooLarge.class)) {
            Throwable limit = t;
            while (!(limit instanceof ResponseSizeLimit.TooLarge)) {
                limit = limit.getCause();
            }
            return new InvalidResponseException("Bedrock's answer for model '" + model + "' was refused: it was "
                    + limit.getMessage(), t, false, ctx);
        }
        if (hasNamed(t, "ConnectionClosedException") || messageHas(t, "premature end")) {
            // The connection went before the promised body was whole: a broken connection, not a bad answer.
            return new ProviderUnavailableException("The connection to Bedrock broke during the answer of model '"
                    + model + "': " + describe(t), t, ctx);
        }
        if (messageHas(t, "unable to unmarshall") || messageHas(t, "checksum") || messageHas(t, "crc")
                || hasNamed(t, "JsonParseException") || messageHas(t, "prelude")) {
            return new InvalidResponseException("Bedrock's answer for model '" + model + "' could not be read: "
                    + describe(t), t, false, ctx);
        }
        if (has(t, IOException.class) || t instanceof SdkClientException) {
            return new ProviderUnavailableException("The connection to Bedrock broke during the call to model '"
                    + model + "': " + describe(t), t, ctx);
        }
        return new ProviderUnavailableException("The Bedrock call to model '" + model + "' failed: " + describe(t), t, ctx);
    }

    private static DuoException service(AwsServiceException e, String model) {
        int status = e.statusCode();
        String requestId = e.requestId();
        ErrorContext.Builder cb = ErrorContext.builder().provider(PROVIDER).model(model)
                // An exception frame inside a stream may carry the stream's own 200: that is no error status.
                .status(status >= 400 ? status : null).requestId(requestId == null || requestId.isBlank() ? null : dev.duo.spi.UntrustedText.sanitize(requestId, 200));
        if (status >= 300 && status < 400) {
            // The AWS SDK never follows redirects (good: the signed request would go wherever the server
            // says); say what happened instead of calling it a rejected request.
            String location = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Location").orElse(null);
            String to = location == null ? "no Location" : dev.duo.spi.Redactor.PATTERNS_ONLY.redact(
                    safeUrl(location));
            return new dev.duo.ConfigurationException("The endpoint of Bedrock model '" + model + "' answered with a"
                    + " redirect (HTTP " + status + ") to " + to + ", which the SDK does not follow: set the endpoint"
                    + " override to the address that serves Bedrock itself", e, cb.build());
        }
        String aws = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        // AWS's words (or a hostile endpoint's) are escaped and capped before they reach a message.
        String what = dev.duo.spi.UntrustedText.sanitize((code == null ? e.getClass().getSimpleName() : code)
                + (aws == null ? "" : ": " + aws));
        // Match by class, and by error code too: an exception frame the SDK does not model for this
        // operation (modelTimeoutException inside ConverseStream) arrives as a generic service error.
        String kind = kind(e, code);
        if (kind.equals("throttlingexception") || kind.equals("modelnotreadyexception")) {
            e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                    .map(BedrockErrors::seconds).ifPresent(cb::retryAfter);
            String advice = kind.equals("modelnotreadyexception") ? "the model is not ready yet; retry shortly"
                    : "slow down, or ask AWS for a higher Bedrock quota";
            return new RateLimitedException("Bedrock refused the call to model '" + model + "' for now (" + what + "): "
                    + advice, e, cb.build());
        }
        if (kind.equals("modeltimeoutexception")) {
            return new DuoTimeoutException("Bedrock model '" + model + "' took too long to answer (" + what + ")", e, cb.build());
        }
        if (kind.equals("serviceunavailableexception") || kind.equals("internalserverexception")) {
            return new ProviderUnavailableException("Bedrock is unavailable for model '" + model + "' (" + what + ")", e, cb.build());
        }
        if (kind.equals("modelerrorexception") || kind.equals("modelstreamerrorexception")) {
            return new ProviderUnavailableException("Bedrock model '" + model + "' failed while answering (" + what
                    + "); such model errors are usually transient", e, cb.build());
        }
        // AWS's own codes that say more than their status; anything else goes by the SPI's one status table.
        StatusErrors.Kind k = switch (kind) {
            case "validationexception", "servicequotaexceededexception" -> StatusErrors.Kind.INVALID_REQUEST;
            case "accessdeniedexception" -> StatusErrors.Kind.AUTHENTICATION;
            case "resourcenotfoundexception" -> StatusErrors.Kind.MODEL_NOT_FOUND;
            default -> StatusErrors.kindOf(status);
        };
        String message = switch (k) {
            case AUTHENTICATION -> "Bedrock denied access to model '" + model + "' (" + what
                    + "): check the AWS credentials or API key, the IAM permissions (bedrock:InvokeModel, "
                    + "bedrock:InvokeModelWithResponseStream) and that the model is enabled in this region";
            case MODEL_NOT_FOUND -> "Bedrock does not know model '" + model + "' (" + what
                    + "): check the identifier (model id or inference profile) and the region";
            case RATE_LIMITED -> "Bedrock refused the call to model '" + model + "' for now (" + what + ")";
            case TIMEOUT -> "Bedrock model '" + model + "' took too long to answer (" + what + ")";
            case PROVIDER_UNAVAILABLE -> "Bedrock is unavailable for model '" + model + "' (" + what + ")";
            case INVALID_REQUEST -> "Bedrock rejected the request to model '" + model + "' (" + what + ")";
        };
        return StatusErrors.exception(k, message, e, cb.build());
    }

    private static String kind(AwsServiceException e, String code) {
        if (e instanceof ThrottlingException) return "throttlingexception";
        if (e instanceof ModelNotReadyException) return "modelnotreadyexception";
        if (e instanceof ModelTimeoutException) return "modeltimeoutexception";
        if (e instanceof ServiceUnavailableException) return "serviceunavailableexception";
        if (e instanceof InternalServerException) return "internalserverexception";
        if (e instanceof ModelErrorException) return "modelerrorexception";
        if (e instanceof ModelStreamErrorException) return "modelstreamerrorexception";
        if (e instanceof ValidationException) return "validationexception";
        if (e instanceof ServiceQuotaExceededException) return "servicequotaexceededexception";
        if (e instanceof AccessDeniedException) return "accessdeniedexception";
        if (e instanceof ResourceNotFoundException) return "resourcenotfoundexception";
        return code == null ? "" : code.toLowerCase(Locale.ROOT);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        // The async client wraps service errors in SdkClientException/CompletionException layers.
        if (t instanceof SdkClientException && t.getCause() instanceof AwsServiceException s) {
            return s;
        }
        return t;
    }

    private static DuoException findDuo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DuoException d) {
                return d;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static boolean isInterrupt(Throwable t) {
        return has(t, InterruptedException.class) || messageHas(t, "interrupt");
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static boolean hasNamed(Throwable t, String simpleName) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static boolean messageHas(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String safeUrl(String text) {
        try {
            return dev.duo.spi.EndpointRules.display(java.net.URI.create(text.trim()));
        } catch (IllegalArgumentException notAUrl) {
            return dev.duo.spi.UntrustedText.sanitize(text, 300);
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + dev.duo.spi.UntrustedText.sanitize(m, 300));
    }
}
