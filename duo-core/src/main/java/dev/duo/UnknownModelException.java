package dev.duo;

/**
 * No model of that name is in the registry; the message lists the closest names.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (UnknownModelException e) { System.err.println(e.getMessage()); }   // "Did you mean ..."
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.UNKNOWN_MODEL}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class UnknownModelException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public UnknownModelException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public UnknownModelException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.UNKNOWN_MODEL, message, cause, context);
    }
}
