package dev.duo;

/**
 * The feature is disabled, unassigned or vendored (served elsewhere), so this client cannot serve it.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (FeatureUnavailableException e) { return fallbackWithoutAi(); }
 * }</pre>
 */
public class FeatureUnavailableException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public FeatureUnavailableException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public FeatureUnavailableException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, context);
    }
}
