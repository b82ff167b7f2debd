package dev.duo;

import java.util.Objects;

/**
 * The root of every error this SDK throws. Unchecked; says whether retrying could help and carries
 * the {@link ErrorContext} (provider, model, status, request id, retry-after) where known.
 *
 * <p>Catch a subtype to act on a cause: {@link RateLimitedException}, {@link DuoTimeoutException},
 * {@link ProviderUnavailableException}, {@link AuthenticationException},
 * {@link ModelNotFoundException}, {@link InvalidResponseException}, {@link InvalidRequestException},
 * {@link CancelledException}, and {@link ConfigurationException}, whose
 * {@link ConfigurationException#reason()} says which part of the configuration is wrong.
 * Messages never contain a secret.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (RateLimitedException e) {
 *     e.context().retryAfter().ifPresent(wait -> schedule(wait));
 * }
 * }</pre>
 */
public class DuoException extends RuntimeException {

    private final boolean retryable;
    private final transient ErrorContext context;

    /** A non-retryable error with no context. */
    public DuoException(String message) {
        this(message, null, false, ErrorContext.NONE);
    }

    /**
     * An error with everything known about it.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param retryable whether the same call may succeed if tried again
     * @param context provider, model, status, request id and retry-after where known
     */
    public DuoException(String message, Throwable cause, boolean retryable, ErrorContext context) {
        super(message, cause);
        this.retryable = retryable;
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Whether the same call may succeed if tried again. */
    public boolean retryable() {
        return retryable;
    }

    /** Provider, model, status, request id and retry-after, where known. */
    public ErrorContext context() {
        return context;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + context.describe();
    }
}
