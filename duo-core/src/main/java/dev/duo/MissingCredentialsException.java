package dev.duo;

/**
 * A secret the model needs is not set (an unset {@code ${VAR}}, no AWS credentials); the message names the variable.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (MissingCredentialsException e) { System.err.println(e.getMessage()); }   // names the variable
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.MISSING_CREDENTIALS}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class MissingCredentialsException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public MissingCredentialsException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public MissingCredentialsException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.MISSING_CREDENTIALS, message, cause, context);
    }
}
