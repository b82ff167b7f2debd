package dev.duo.internal.prompt;

import dev.duo.internal.util.AsciiNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the helpers of a {@code {% with a = x, b = y %}} tag into assignments, and reads a quoted
 * template path. Shared by the tag (at render) and the analyzer (at load) so both read it alike.
 */
final class Assignments {


    private Assignments() {
    }

    /** One {@code name = expression}. */
    record Assignment(String name, String expression) {
    }

    /**
     * The assignments of {@code helpers}, in order.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static List<Assignment> parse(String helpers) {
        List<Assignment> out = new ArrayList<>();
        for (String part : splitTopLevel(helpers.trim(), ',')) {
            if (part.isBlank()) {
                continue;
            }
            int eq = assignmentOperator(part);
            if (eq < 0) {
                throw new IllegalArgumentException("expected 'name = expression' in '" + part.trim() + "'");
            }
            String name = part.substring(0, eq).trim();
            String expression = part.substring(eq + 1).trim();
            if (!AsciiNames.isIdentifier(name) || expression.isEmpty()) {
                throw new IllegalArgumentException("expected 'name = expression' in '" + part.trim() + "'");
            }
            out.add(new Assignment(name, expression));
        }
        return List.copyOf(out);
    }

    /**
     * The path of {@code 'a/b.jinja'} or {@code "a/b.jinja"}.
     *
     * @throws IllegalArgumentException when the helpers are not one quoted string
     */
    static String quotedPath(String helpers) {
        String h = helpers.trim();
        if (h.length() >= 2 && (h.charAt(0) == '\'' || h.charAt(0) == '"') && h.charAt(h.length() - 1) == h.charAt(0)
                && h.indexOf(h.charAt(0), 1) == h.length() - 1) {
            return h.substring(1, h.length() - 1);
        }
        throw new IllegalArgumentException("expected a quoted template path, got '" + h + "'");
    }

    /**
     * The path of an include written as a literal ({@code 'a/b.jinja'}, optionally piped through
     * {@code safe}), or null when the path is computed ({@code {% include context_path %}}).
     */
    static String literalPath(String helpers) {
        return AsciiNames.literalPath(helpers.trim());
    }

    /** Splits on {@code separator} outside quotes and brackets. */
    static List<String> splitTopLevel(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** The index of a lone {@code =} (not {@code ==}, {@code !=}, {@code <=}, {@code >=}) outside quotes. */
    private static int assignmentOperator(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '=') {
                char before = i > 0 ? s.charAt(i - 1) : ' ';
                char after = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                if (after != '=' && before != '=' && before != '!' && before != '<' && before != '>') {
                    return i;
                }
            }
        }
        return -1;
    }
}
