package dev.duo.internal.config;

/**
 * Whether YAML text has comments, which a write through Jackson drops. A {@code #} counts when it
 * starts a line or follows whitespace outside a quoted string, as YAML defines a comment.
 */
public final class YamlComments {

    private YamlComments() {
    }

    /** True when some line of {@code yaml} carries a comment. */
    public static boolean present(String yaml) {
        for (String line : yaml.split("\\R")) {
            if (lineHasComment(line)) {
                return true;
            }
        }
        return false;
    }

    private static boolean lineHasComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '"' || c == '\'') && (i == 0 || " \t:[{,-".indexOf(line.charAt(i - 1)) >= 0)) {
                quote = c; // a quote opens a string only where a scalar starts; in "it's" it is a letter
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }
}
