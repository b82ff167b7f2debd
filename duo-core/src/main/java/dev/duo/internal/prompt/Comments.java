package dev.duo.internal.prompt;

/**
 * Rewrites Jinja comments before Jinjava parses a template, so whitespace control around them
 * works as in Jinja2. Jinjava drops a comment and merges the text on both sides into one text
 * node, so a {@code {%-} after a comment also strips the text before it; Jinja2 keeps the comment
 * as a boundary, and its own {@code {#-} / {@code -#}} strip only their side.
 *
 * <p>Each comment becomes an empty expression {@code {{''}}} (a boundary that prints nothing),
 * and the whitespace its {@code -} markers strip moves inside that expression, with the comment's
 * own newlines, so every later line keeps its line number. Text inside {@code {% raw %}} blocks,
 * expressions and tags (string literals included) is left alone, as Jinja2's lexer leaves it.
 */
final class Comments {

    private Comments() {
    }

    static String rewrite(String source) {
        if (!source.contains("{#")) {
            return source;
        }
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            int open = source.indexOf('{', i);
            if (open < 0 || open + 1 >= n) {
                out.append(source, i, n);
                break;
            }
            char next = source.charAt(open + 1);
            if (next == '{' || next == '%') {
                int end = endOfTag(source, open + 2, next == '{' ? "}}" : "%}");
                if (next == '%' && isRawStart(source, open + 2, end)) {
                    int endRaw = source.indexOf("endraw", end);
                    int close = endRaw < 0 ? -1 : source.indexOf("%}", endRaw);
                    end = close < 0 ? n : close + 2;
                }
                out.append(source, i, end);
                i = end;
                continue;
            }
            if (next != '#') {
                out.append(source, i, open + 1);
                i = open + 1;
                continue;
            }
            int close = source.indexOf("#}", open + 2);
            if (close < 0) {
                out.append(source, i, n); // unclosed: Jinjava reports it
                break;
            }
            boolean stripBefore = open + 2 < n && source.charAt(open + 2) == '-';
            boolean stripAfter = close > open + 2 && source.charAt(close - 1) == '-';
            String before = source.substring(i, open);
            String moved = "";
            if (stripBefore) {
                String kept = before.stripTrailing();
                moved = before.substring(kept.length());
                before = kept;
            }
            out.append(before).append("{{''").append(blank(moved)).append(blank(source.substring(open + 2, close)));
            int after = close + 2;
            if (stripAfter) {
                int k = after;
                while (k < n && Character.isWhitespace(source.charAt(k))) {
                    k++;
                }
                out.append(blank(source.substring(after, k)));
                after = k;
            }
            out.append("}}");
            i = after;
        }
        return out.toString();
    }

    /** Only the newlines of {@code s}, so line numbers stay. */
    private static String blank(String s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The index just past the closing {@code close} of a tag or expression, skipping string literals. */
    private static int endOfTag(String s, int from, String close) {
        char quote = 0;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote != 0) {
                if (c == '\\') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, k)) {
                return k + close.length();
            }
        }
        return s.length();
    }

    private static boolean isRawStart(String s, int from, int end) {
        String inner = s.substring(from, Math.max(from, end - 2)).trim();
        if (inner.startsWith("-")) {
            inner = inner.substring(1).trim();
        }
        if (inner.endsWith("-")) {
            inner = inner.substring(0, inner.length() - 1).trim();
        }
        return inner.equals("raw");
    }
}
