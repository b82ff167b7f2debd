package dev.duo;

/**
 * The feature is disabled, unassigned or vendored (served elsewhere), so this client cannot serve it.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (FeatureUnavailableException e) { return fallbackWithoutAi(); }
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.FEATURE_UNAVAILABLE}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
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
        super(ConfigurationException.Reason.FEATURE_UNAVAILABLE, message, cause, context);
    }
}
