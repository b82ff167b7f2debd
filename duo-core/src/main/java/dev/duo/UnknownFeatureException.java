package dev.duo;

/**
 * No feature has the key or alias asked for; the message lists the closest known keys.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (UnknownFeatureException e) { System.err.println(e.getMessage()); }   // "Did you mean ..."
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.UNKNOWN_FEATURE}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class UnknownFeatureException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public UnknownFeatureException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public UnknownFeatureException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.UNKNOWN_FEATURE, message, cause, context);
    }
}
