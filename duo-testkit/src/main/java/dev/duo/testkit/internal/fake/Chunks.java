package dev.duo.testkit.internal.fake;

import java.util.ArrayList;
import java.util.List;

/** How the fake splits an answer's text into stream chunks. */
public final class Chunks {

    private Chunks() {
    }

    /** Split after each space, as word-by-word streaming looks. */
    public static List<String> afterSpaces(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(from, i + 1));
                from = i + 1;
            }
        }
        if (from < text.length()) {
            out.add(text.substring(from));
        }
        return out;
    }

    /** Chunks of at most {@code size} characters. */
    public static List<String> ofSize(String text, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out;
    }
}
