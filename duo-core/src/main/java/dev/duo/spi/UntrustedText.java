package dev.duo.spi;

/**
 * Makes text that came from outside (a provider's error body, a stream event, a header, a line of
 * a configuration file) safe to put in a log line, an exception message or a terminal: control
 * characters are escaped, so a server cannot forge a log line with a newline or drive a terminal
 * with ANSI/OSC escape sequences, and the length is capped, so a huge body cannot flood a log.
 *
 * <p>Escaped: the C0 controls except tab (line feed and carriage return as backslash-n and
 * backslash-r, the others as a backslash, {@code u} and four hex digits, as Java writes them),
 * DEL, the C1 controls, the Unicode line and paragraph separators and the bidirectional
 * overrides and isolates (which reorder what a reader sees). Providers call it on every piece of
 * provider text before it reaches a message; the core uses it for configuration file excerpts.
 *
 * <pre>{@code
 * String said = UntrustedText.sanitize(errorBody);                    // one line, at most 500 characters
 * String excerpt = UntrustedText.sanitizeKeepingLines(snippet, 2000); // newlines kept, the rest escaped
 * }</pre>
 */
public final class UntrustedText {

    /** The default cap on provider text in a message, in characters. */
    public static final int DEFAULT_MAX_CHARS = 500;

    private UntrustedText() {
    }

    /** {@link #sanitize(String, int)} with {@link #DEFAULT_MAX_CHARS}. */
    public static String sanitize(String text) {
        return sanitize(text, DEFAULT_MAX_CHARS);
    }

    /**
     * The text on one line with control characters escaped, cut to {@code maxChars} characters
     * (counted before escaping) with a note of how much was cut; null stays null.
     */
    public static String sanitize(String text, int maxChars) {
        return clean(text, maxChars, false);
    }

    /** As {@link #sanitize(String, int)}, but line feeds are kept (a CR LF pair becomes LF). */
    public static String sanitizeKeepingLines(String text, int maxChars) {
        return clean(text, maxChars, true);
    }

    /** Whether {@code c} is one of the characters this class escapes. */
    public static boolean isUnsafe(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c;
    }

    private static String clean(String text, int maxChars, boolean keepLines) {
        if (text == null) {
            return null;
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        int end = Math.min(text.length(), maxChars);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a surrogate pair in half
        }
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (!isUnsafe(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (keepLines && c == '\n') {
                out.append('\n');
            } else if (keepLines && c == '\r' && i + 1 < end && text.charAt(i + 1) == '\n') {
                // CR LF: the LF that follows keeps the line break
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        String s = out == null ? text.substring(0, end) : out.toString();
        return end < text.length() ? s + "... (" + (text.length() - end) + " more characters)" : s;
    }
}
