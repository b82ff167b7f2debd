package dev.duo;

/**
 * The model's family is not one the feature supports (GitLab's text: {@code <model> is incompatible with the <feature> feature}).
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (IncompatibleModelException e) { System.err.println(e.getMessage()); }
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.INCOMPATIBLE_MODEL}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class IncompatibleModelException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public IncompatibleModelException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public IncompatibleModelException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.INCOMPATIBLE_MODEL, message, cause, context);
    }
}
