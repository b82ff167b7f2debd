package dev.duo;

/**
 * No prompt definition matches the feature's prompt id, the model family's lookup order and the version constraint; the message lists what was tried and found.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (PromptNotFoundException e) { System.err.println(e.getMessage()); }   // families and versions tried
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.PROMPT_NOT_FOUND}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class PromptNotFoundException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public PromptNotFoundException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public PromptNotFoundException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.PROMPT_NOT_FOUND, message, cause, context);
    }
}
