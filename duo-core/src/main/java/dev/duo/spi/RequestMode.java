package dev.duo.spi;

/** Which provider endpoint a request is meant for. *
 * <pre>{@code
 * String path = request.mode() == RequestMode.TEXT ? "/completions" : "/chat/completions";
 * }</pre>
 */
public enum RequestMode {
    /** A conversation of role messages ({@code /chat/completions}, Bedrock Converse). */
    CHAT,
    /**
     * A raw text prompt ({@code /completions}), used for fill-in-the-middle code completion: the
     * request holds a single user message whose content is the whole prompt. Providers without a
     * text endpoint send it as one user message.
     */
    TEXT
}
