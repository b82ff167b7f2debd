package dev.duo.internal.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a template's source text into a {@link FastTemplate}, or refuses it (null) when it uses
 * anything outside the subset, or anything the subset could read two ways: then the template is
 * Jinjava's, exactly as before, and Jinjava reports whatever is wrong with it. The source is the
 * one Jinjava would parse (comments already rewritten by {@link Comments}), so both see the same
 * text, lines and columns. Whitespace control on tags ({@code {%-}, {@code -%}}) is applied here,
 * once, to the text beside each marker; on expressions ({@code {{-}, {@code -}}}) Jinjava ignores it
 * where Jinja2 strips, so a template using it is refused and keeps Jinjava's rendering.
 */
final class FastParser {

    private enum Kind { TEXT, EXPRESSION, TAG }

    /** One token: text, or the inside of {@code {{ }}} / {@code {% %}} without its markers. */
    private record Token(Kind kind, String body, boolean trimBefore, boolean trimAfter, int start, int end) {
    }

    private final String source;
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> bound = new LinkedHashSet<>();
    private final Set<String> loopTargets = new LinkedHashSet<>();
    private final List<FastTemplate.Include> references = new ArrayList<>();

    private FastParser(String source) {
        this.source = source;
    }

    /** The template, or null when it is not in the subset. */
    static FastTemplate parse(String source) {
        if (source.indexOf('\r') >= 0) {
            return null; // Jinja2 turns \r\n into \n, Jinjava keeps it: leave it to Jinjava, as before
        }
        FastParser p = new FastParser(source);
        List<Token> tokens = p.tokens();
        if (tokens == null) {
            return null;
        }
        FastTemplate.Op[] ops = p.tree(tokens);
        return ops == null ? null : new FastTemplate(ops, p.used, p.bound, p.loopTargets, p.references);
    }

    private List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        int n = source.length();
        int i = 0;
        while (i < n) {
            int k = nextOpening(i);
            if (k < 0) {
                out.add(new Token(Kind.TEXT, source.substring(i), false, false, i, n));
                break;
            }
            if (k > i) {
                out.add(new Token(Kind.TEXT, source.substring(i, k), false, false, i, k));
            }
            char c = source.charAt(k + 1);
            if (c == '#') {
                return null; // an unclosed comment (closed ones were rewritten)
            }
            int close = source.indexOf(c == '{' ? "}}" : "%}", k + 2);
            if (close < 0 || (close + 2 < n && source.charAt(close + 2) == '}')) {
                return null;
            }
            String inner = source.substring(k + 2, close);
            boolean before = inner.startsWith("-");
            boolean after = inner.length() > (before ? 1 : 0) && inner.endsWith("-");
            String body = inner.substring(before ? 1 : 0, inner.length() - (after ? 1 : 0));
            if (body.startsWith("+") || body.endsWith("+") || body.indexOf('{') >= 0 || body.indexOf('}') >= 0) {
                return null;
            }
            if (c == '{' && (before || after)) {
                // Jinja2 strips beside {{- and -}}; Jinjava (2.8) does not: the text must not change, so
                // such a template stays Jinjava's until the two agree.
                return null;
            }
            out.add(new Token(c == '{' ? Kind.EXPRESSION : Kind.TAG, body, before, after, k, close + 2));
            i = close + 2;
        }
        return out;
    }

    /** The next {@code {{}, {@code {%} or {@code {#} at or after {@code from}, or -1. */
    private int nextOpening(int from) {
        int n = source.length();
        for (int k = source.indexOf('{', from); k >= 0 && k + 1 < n; k = source.indexOf('{', k + 1)) {
            char c = source.charAt(k + 1);
            if (c == '{' || c == '%' || c == '#') {
                return k;
            }
        }
        return -1;
    }

    /** An open block while building the tree: the root, an if (with its branches so far) or a for. */
    private static final class Block {
        final String tag;
        List<FastTemplate.Op> ops = new ArrayList<>();
        final List<FastExpr> conditions = new ArrayList<>();
        final List<FastTemplate.Op[]> bodies = new ArrayList<>();
        boolean sawElse;
        String variable;
        FastExpr items;

        Block(String tag) {
            this.tag = tag;
        }
    }

    private FastTemplate.Op[] tree(List<Token> tokens) {
        List<Block> stack = new ArrayList<>();
        stack.add(new Block("root"));
        for (int t = 0; t < tokens.size(); t++) {
            Token tok = tokens.get(t);
            Block top = stack.get(stack.size() - 1);
            switch (tok.kind()) {
                case TEXT -> {
                    String text = text(tok.body(), t > 0 && tokens.get(t - 1).trimAfter(),
                            t + 1 < tokens.size() && tokens.get(t + 1).trimBefore());
                    if (text == null) {
                        return null;
                    }
                    if (!text.isEmpty()) {
                        top.ops.add(new FastTemplate.Text(text));
                    }
                }
                case EXPRESSION -> {
                    FastExpr e = expression(tok.body());
                    if (e == null) {
                        return null;
                    }
                    e.names(used);
                    top.ops.add(new FastTemplate.Print(e));
                }
                case TAG -> {
                    if (!tag(tok, stack)) {
                        return null;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return stack.size() == 1 ? stack.get(0).ops.toArray(new FastTemplate.Op[0]) : null;
    }

    /** A printed expression: a path, or the empty boundary a rewritten comment leaves. */
    private static FastExpr expression(String body) {
        if (body.startsWith("''") && body.substring(2).chars().allMatch(c -> c == '\n')) {
            return FastExpr.EMPTY;
        }
        return FastExpr.path(body);
    }

    private boolean tag(Token tok, List<Block> stack) {
        String body = tok.body().strip();
        int sp = 0;
        while (sp < body.length() && Character.isLetter(body.charAt(sp))) {
            sp++;
        }
        String name = body.substring(0, sp);
        if (sp < body.length() && !isSpace(body.charAt(sp))) {
            return false;
        }
        String rest = body.substring(sp).strip();
        Block top = stack.get(stack.size() - 1);
        switch (name) {
            case "if" -> {
                FastExpr c = condition(rest);
                if (c == null) {
                    return false;
                }
                Block b = new Block("if");
                b.conditions.add(c);
                stack.add(b);
            }
            case "elif" -> {
                FastExpr c = condition(rest);
                if (c == null || !"if".equals(top.tag) || top.sawElse) {
                    return false;
                }
                top.bodies.add(top.ops.toArray(new FastTemplate.Op[0]));
                top.ops = new ArrayList<>();
                top.conditions.add(c);
            }
            case "else" -> {
                if (!rest.isEmpty() || !"if".equals(top.tag) || top.sawElse) {
                    return false;
                }
                top.bodies.add(top.ops.toArray(new FastTemplate.Op[0]));
                top.ops = new ArrayList<>();
                top.conditions.add(null);
                top.sawElse = true;
            }
            case "endif" -> {
                if (!rest.isEmpty() || !"if".equals(top.tag)) {
                    return false;
                }
                top.bodies.add(top.ops.toArray(new FastTemplate.Op[0]));
                stack.remove(stack.size() - 1);
                stack.get(stack.size() - 1).ops.add(new FastTemplate.If(top.conditions.toArray(new FastExpr[0]),
                        top.bodies.toArray(new FastTemplate.Op[0][])));
            }
            case "for" -> {
                int in = rest.indexOf(" in ");
                if (in < 0) {
                    return false;
                }
                String variable = rest.substring(0, in);
                String over = rest.substring(in + 4);
                FastExpr items = FastExpr.path(over);
                if (!FastExpr.isName(variable) || items == null || !over.equals(over.strip())) {
                    return false;
                }
                bound.add(variable);
                loopTargets.add(variable);
                items.names(used);
                Block b = new Block("for");
                b.variable = variable;
                b.items = items;
                stack.add(b);
            }
            case "endfor" -> {
                if (!rest.isEmpty() || !"for".equals(top.tag)) {
                    return false;
                }
                stack.remove(stack.size() - 1);
                stack.get(stack.size() - 1).ops.add(new FastTemplate.For(top.variable, top.items,
                        top.ops.toArray(new FastTemplate.Op[0])));
            }
            case "include" -> {
                String path = Assignments.literalPath(rest);
                if (path == null) {
                    return false;
                }
                references.add(new FastTemplate.Include(path, line(tok.end()), column(tok.start(), tok.end())));
                top.ops.add(new FastTemplate.IncludeOp(path));
            }
            default -> {
                return false;
            }
        }
        return stack.size() <= RenderBudget.MAX_NESTING + 1;
    }

    private FastExpr condition(String rest) {
        FastExpr c = FastExpr.condition(rest);
        if (c != null) {
            c.names(used);
        }
        return c;
    }

    /** The line Jinjava gives a token: the one its last character is on. */
    private int line(int end) {
        int line = 1;
        for (int i = source.indexOf('\n'); i >= 0 && i < end; i = source.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    /** The column Jinjava gives a token: its start less the last newline before its end (1-based on its line). */
    private int column(int start, int end) {
        return start - source.lastIndexOf('\n', end - 1);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    /**
     * Text with the whitespace beside a marker removed: all of it, newlines too, as Jinja2 does. A
     * character at the cut that only one of Python and Java counts as whitespace refuses the template.
     */
    private static String text(String text, boolean trimStart, boolean trimEnd) {
        int from = 0;
        int to = text.length();
        if (trimStart) {
            while (from < to && isTrimmed(text.charAt(from))) {
                from++;
            }
            if (from < to && isOddSpace(text.charAt(from))) {
                return null;
            }
        }
        if (trimEnd) {
            while (to > from && isTrimmed(text.charAt(to - 1))) {
                to--;
            }
            if (to > from && isOddSpace(text.charAt(to - 1))) {
                return null;
            }
        }
        return text.substring(from, to);
    }

    private static boolean isTrimmed(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == 0x0c;
    }

    private static boolean isOddSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || (c >= 0x1c && c <= 0x1f);
    }
}
