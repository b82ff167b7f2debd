package dev.duo.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The credentials every reliability test uses, and the scan that proves none of them escaped.
 * Each is long and distinctive so a hit cannot be a coincidence; a fragment of each is scanned
 * too, so a truncated leak ("...K7MDENG/bPxR...") is also caught.
 */
final class Secrets {

    static final String FIREWORKS_KEY = "fw_3ZrelIabiLiTyFAKEkey9a8b7c6d5e4f3a2b1";
    static final String AWS_ACCESS_KEY = "AKIARELIABILITY00001";
    static final String AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYRELIABILITY01";
    static final String AWS_SESSION_TOKEN = "FwoGZXIvYXdzERELIABILITYSESSIONtoken0123456789abcdef";
    static final String BEARER_TOKEN = "ABSKQmVkcm9ja0FQSUtleS1yZWxpYWJpbGl0eS1iZWFyZXI=";

    /** Every logging switch on, as a service would set them in its environment. */
    static final Map<String, String> LOGGING_ON = Map.of(
            "AIGW_LOGGING__ENABLE_REQUEST_LOGGING", "true",
            "AIGW_LOGGING__ENABLE_LITELLM_LOGGING", "true");

    /** What is scanned for: the values (the access key id is not a secret, so it is not scanned). */
    static final List<String> VALUES = List.of(FIREWORKS_KEY, AWS_SECRET_KEY, AWS_SESSION_TOKEN, BEARER_TOKEN);

    private Secrets() {
    }

    /** The secrets (or a 12-character fragment from the middle of one) found in {@code text}. */
    static List<String> findIn(String text) {
        List<String> hits = new ArrayList<>();
        if (text == null) {
            return hits;
        }
        for (String s : VALUES) {
            String fragment = s.substring(s.length() / 2 - 6, s.length() / 2 + 6);
            if (text.contains(s) || text.contains(fragment)) {
                hits.add(s.substring(0, 4) + "...");
            }
        }
        return hits;
    }

    /** A throwable's message, toString and those of its causes and suppressed ones, as one text. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        describe(t, sb, 0);
        return sb.toString();
    }

    private static void describe(Throwable t, StringBuilder sb, int depth) {
        if (t == null || depth > 10) {
            return;
        }
        sb.append(t).append('\n').append(t.getMessage()).append('\n');
        if (t instanceof dev.duo.DuoException d) {
            sb.append(d.context()).append('\n');
        }
        for (Throwable s : t.getSuppressed()) {
            describe(s, sb, depth + 1);
        }
        describe(t.getCause(), sb, depth + 1);
    }
}
