package dev.duo.spi;

import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;

/**
 * The one table from an HTTP status to the exception a caller acts on, shared by every provider:
 * each provider writes its own message (naming its platform and the fix) and maps only what is its
 * own (AWS error codes, error objects inside a stream), and takes the type from here.
 *
 * <table>
 *   <caption>status to exception</caption>
 *   <tr><th>status</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>401, 402, 403</td><td>{@link AuthenticationException}</td><td>no</td></tr>
 *   <tr><td>404</td><td>{@link ModelNotFoundException}</td><td>no</td></tr>
 *   <tr><td>408</td><td>{@link DuoTimeoutException}</td><td>yes</td></tr>
 *   <tr><td>429</td><td>{@link RateLimitedException}</td><td>yes</td></tr>
 *   <tr><td>500 and above</td><td>{@link ProviderUnavailableException}</td><td>yes</td></tr>
 *   <tr><td>any other 4xx (400, 412, 413, 422 ...)</td><td>{@link InvalidRequestException}</td><td>no</td></tr>
 * </table>
 *
 * <p>402 (payment required) is an authentication error: the account may not make the call until an
 * operator fixes its billing, the same remedy as a revoked key, and retrying cannot help.
 *
 * <pre>{@code
 * ErrorContext ctx = ErrorContext.builder().provider("fireworks_ai").status(status).build();
 * throw StatusErrors.exception(StatusErrors.kindOf(status), "Fireworks AI said no (HTTP " + status + ")", null, ctx);
 * }</pre>
 */
public final class StatusErrors {

    /** What a failed call means to the caller; each kind is one exception type. */
    public enum Kind {
        /** The request cannot be served as sent: {@link InvalidRequestException}. */
        INVALID_REQUEST,
        /** The credentials are refused: {@link AuthenticationException}. */
        AUTHENTICATION,
        /** The provider does not serve the model: {@link ModelNotFoundException}. */
        MODEL_NOT_FOUND,
        /** The provider timed the request out: {@link DuoTimeoutException}. */
        TIMEOUT,
        /** Too many requests for now: {@link RateLimitedException}. */
        RATE_LIMITED,
        /** The provider failed or is overloaded: {@link ProviderUnavailableException}. */
        PROVIDER_UNAVAILABLE
    }

    private StatusErrors() {
    }

    /**
     * The kind of an HTTP error status (400 to 599).
     *
     * @param status the HTTP status
     * @return its kind, by the table above
     */
    public static Kind kindOf(int status) {
        return switch (status) {
            case 401, 402, 403 -> Kind.AUTHENTICATION;
            case 404 -> Kind.MODEL_NOT_FOUND;
            case 408 -> Kind.TIMEOUT;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.PROVIDER_UNAVAILABLE : Kind.INVALID_REQUEST;
        };
    }

    /**
     * The exception of a kind.
     *
     * @param kind what the failure means
     * @param message the provider's message, naming the platform and the fix
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id (and retry-after) where known
     * @return the exception, to throw
     */
    public static DuoException exception(Kind kind, String message, Throwable cause, ErrorContext context) {
        return switch (kind) {
            case INVALID_REQUEST -> new InvalidRequestException(message, cause, context);
            case AUTHENTICATION -> new AuthenticationException(message, cause, context);
            case MODEL_NOT_FOUND -> new ModelNotFoundException(message, cause, context);
            case TIMEOUT -> new DuoTimeoutException(message, cause, context);
            case RATE_LIMITED -> new RateLimitedException(message, cause, context);
            case PROVIDER_UNAVAILABLE -> new ProviderUnavailableException(message, cause, context);
        };
    }
}
