package dev.duo.internal.util;

/**
 * Checks of the small ASCII grammars that configuration and prompt files use for names, by hand:
 * each was a regex compiled when its class loaded, at start-up (README, Performance); tests keep
 * every check equal to its regex.
 *
 * <pre>{@code
 * AsciiNames.isIdentifier("user_instruction");     // [A-Za-z_][A-Za-z0-9_]*: true
 * AsciiNames.isFolderName("gpt_5");                // [A-Za-z0-9_.-]+: true
 * AsciiNames.literalPath("'a/b.jinja' | safe");    // (['"])([^'"]*)\1(\s*\|\s*safe)?: "a/b.jinja"
 * }</pre>
 */
public final class AsciiNames {

    private AsciiNames() {
    }

    /** Whether {@code s} is {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isIdentifier(CharSequence s) {
        return isIdentifier(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isIdentifier(CharSequence s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || c == '_' || i > from && isDigit(c))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is {@code [A-Za-z0-9_.-]+}. */
    public static boolean isFolderName(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The quoted text when the whole of {@code s} is {@code (['"])([^'"]*)\1(\s*\|\s*safe)?} (a quoted
     * path, optionally piped through {@code safe}), else null.
     */
    public static String literalPath(String s) {
        if (s.isEmpty() || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            return null;
        }
        int close = 1;
        while (close < s.length() && s.charAt(close) != '\'' && s.charAt(close) != '"') {
            close++;
        }
        if (close == s.length() || s.charAt(close) != s.charAt(0)) {
            return null;
        }
        int i = skipSpace(s, close + 1);
        if (i == s.length() && i == close + 1) {
            return s.substring(1, close);
        }
        if (i == s.length() || s.charAt(i) != '|') {
            return null;
        }
        i = skipSpace(s, i + 1);
        return s.startsWith("safe", i) && i + 4 == s.length() ? s.substring(1, close) : null;
    }

    /** The index after the regex's {@code \s*} from {@code i}: space, tab, line feed, vertical tab, form feed, return. */
    private static int skipSpace(String s, int i) {
        while (i < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
