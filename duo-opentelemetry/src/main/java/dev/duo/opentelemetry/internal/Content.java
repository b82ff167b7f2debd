package dev.duo.opentelemetry.internal;

import dev.duo.Message;
import dev.duo.spi.Redactor;
import java.util.List;
import java.util.Locale;

/** Prompt and answer text for the opt-in content events: redacted, then capped. */
public final class Content {

    /** The most characters one content attribute holds. */
    public static final int MAX_CHARS = 16 * 1024;

    private Content() {
    }

    /** The conversation as {@code role: text} lines, redacted and capped. */
    public static String messages(List<Message> messages, Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (sb.length() > MAX_CHARS) {
                break;
            }
            sb.append(m.role().name().toLowerCase(Locale.ROOT)).append(": ").append(m.content()).append('\n');
        }
        return text(sb.toString(), redactor);
    }

    /** The text, redacted, then cut to {@link #MAX_CHARS} with a marker saying so. */
    public static String text(String text, Redactor redactor) {
        // Redact before the final cut (a cut could split a secret so the redactor no longer sees it), but
        // on a bounded prefix: redaction scans with regular expressions, and inputs can be megabytes.
        String head = text.length() > 4 * MAX_CHARS ? text.substring(0, 4 * MAX_CHARS) : text;
        String redacted = redactor.redact(head);
        if (redacted.length() <= MAX_CHARS && head.length() == text.length()) {
            return redacted;
        }
        return redacted.substring(0, Math.min(MAX_CHARS, redacted.length())) + "... [cut: " + text.length()
                + " characters in all]";
    }
}
