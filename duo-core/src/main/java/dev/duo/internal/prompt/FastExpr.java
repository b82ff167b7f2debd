package dev.duo.internal.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The expressions of the fast path: a name with attributes ({@code file_name}, {@code file.path},
 * {@code loop.last}) anywhere, and {@code not} / {@code and} / {@code or} with brackets in an
 * {@code if} / {@code elif} condition. Anything else is refused at parse (the template renders
 * through Jinjava). Immutable.
 */
abstract class FastExpr {

    /** Words that are never a plain name: JUEL's and Jinja's keywords, literals and special names. */
    static final Set<String> RESERVED = Set.of("true", "false", "null", "empty", "not", "and", "or", "div", "mod",
            "eq", "ne", "lt", "gt", "le", "ge", "instanceof", "none", "None", "True", "False", "is", "in", "if", "else",
            "elif", "endif", "for", "endfor", "loop", "caller", "range", "super", "self", "varargs", "kwargs",
            "function", "new", "class", "this", "import", "from", "as", "with", "recursive", "filter", "exptest");

    /** The attributes of {@code loop} the fast path serves (Jinjava's and Jinja2's agree on these). */
    static final Set<String> LOOP_ATTRIBUTES = Set.of("index", "index0", "first", "last", "length", "revindex",
            "revindex0");

    /** What a comment leaves behind once rewritten for Jinjava ({@code {{''}}}): a step that prints nothing. */
    static final FastExpr EMPTY = new FastExpr() {
        @Override
        Object eval(FastRender r) {
            return "";
        }

        @Override
        void names(Set<String> into) {
        }
    };

    /** The value, as the template sees it. */
    abstract Object eval(FastRender r);

    /** Python's truth of the value. */
    boolean test(FastRender r) {
        return FastValues.truth(eval(r));
    }

    /** Adds the input names the expression reads (the first name of each path, {@code loop} excepted). */
    abstract void names(Set<String> into);

    /** {@code name.attr.attr}: a name, or {@code loop.<attribute>}. */
    static final class Path extends FastExpr {
        final String head;
        private final String[] attributes;
        private final boolean loop;

        Path(String head, String[] attributes) {
            this.head = head;
            this.attributes = attributes;
            this.loop = "loop".equals(head);
        }

        @Override
        Object eval(FastRender r) {
            if (loop) {
                return r.loopAttribute(attributes[0]);
            }
            Object v = FastValues.sized(r.lookup(head));
            for (String a : attributes) {
                if (v == FastValues.UNDEFINED) {
                    throw FastValues.bail(); // Jinja2's UndefinedError: Jinjava reports it
                }
                v = FastValues.sized(FastValues.attribute(v, a));
            }
            return v;
        }

        @Override
        void names(Set<String> into) {
            if (!"loop".equals(head)) {
                into.add(head);
            }
        }
    }

    private static final class Not extends FastExpr {
        private final FastExpr operand;

        Not(FastExpr operand) {
            this.operand = operand;
        }

        @Override
        Object eval(FastRender r) {
            return !operandTruth(operand, r);
        }

        @Override
        void names(Set<String> into) {
            operand.names(into);
        }
    }

    /** {@code a and b} / {@code a or b}, tested only (as a condition), short-circuiting as Python does. */
    private static final class Logic extends FastExpr {
        private final boolean and;
        private final FastExpr left;
        private final FastExpr right;

        Logic(boolean and, FastExpr left, FastExpr right) {
            this.and = and;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(FastRender r) {
            throw FastValues.bail(); // its value (not its truth) is Python's operand: not needed in a condition
        }

        @Override
        boolean test(FastRender r) {
            return and ? operandTruth(left, r) && operandTruth(right, r) : operandTruth(left, r) || operandTruth(right, r);
        }

        @Override
        void names(Set<String> into) {
            left.names(into);
            right.names(into);
        }
    }

    /**
     * The truth of an operand of {@code not}, {@code and} or {@code or}. Jinjava's operators count
     * the string "false" (in any case) as false where Python counts it true: such an operand bails,
     * so Jinjava renders the message as it always did.
     */
    static boolean operandTruth(FastExpr e, FastRender r) {
        if (!(e instanceof Path)) {
            return e.test(r);
        }
        Object v = e.eval(r);
        if (v instanceof String s && s.length() == 5 && s.equalsIgnoreCase("false")) {
            throw FastValues.bail();
        }
        return FastValues.truth(v);
    }

    /** A name and attributes only ({@code {{ x.y }}}, {@code for a in x.y}), or null. */
    static Path path(String source) {
        Parser p = Parser.of(source);
        if (p == null) {
            return null;
        }
        Path path = p.path();
        return path != null && p.atEnd() ? path : null;
    }

    /** A condition ({@code a or not (b and c.d)}), or null. */
    static FastExpr condition(String source) {
        Parser p = Parser.of(source);
        if (p == null) {
            return null;
        }
        FastExpr e = p.or(0);
        return e != null && p.atEnd() ? e : null;
    }

    /** Whether {@code s} is a name the fast path accepts as an input or loop variable. */
    static boolean isName(String s) {
        // A name starting "__" may be one of Jinjava's internal ones (the analyzer skips "____..."): leave it to Jinjava.
        if (s.isEmpty() || RESERVED.contains(s) || !(isStart(s.charAt(0))) || s.startsWith("__")) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isPart(char c) {
        return isStart(c) || (c >= '0' && c <= '9');
    }

    /** A recursive-descent parser over the tokens of one expression: names, '.', '(' and ')'. */
    private static final class Parser {
        private final List<String> tokens;
        private int at;

        private Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        static Parser of(String source) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n') {
                    i++;
                } else if (c == '.' || c == '(' || c == ')') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (isStart(c)) {
                    int start = i;
                    while (i < n && isPart(source.charAt(i))) {
                        i++;
                    }
                    tokens.add(source.substring(start, i));
                } else {
                    return null;
                }
            }
            return tokens.isEmpty() ? null : new Parser(tokens);
        }

        boolean atEnd() {
            return at == tokens.size();
        }

        private String peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        FastExpr or(int depth) {
            FastExpr left = and(depth);
            while (left != null && "or".equals(peek())) {
                at++;
                FastExpr right = and(depth);
                left = right == null ? null : new Logic(false, left, right);
            }
            return left;
        }

        private FastExpr and(int depth) {
            FastExpr left = not(depth);
            while (left != null && "and".equals(peek())) {
                at++;
                FastExpr right = not(depth);
                left = right == null ? null : new Logic(true, left, right);
            }
            return left;
        }

        private FastExpr not(int depth) {
            if (depth > RenderBudget.MAX_NESTING) {
                return null;
            }
            if ("not".equals(peek())) {
                at++;
                FastExpr operand = not(depth + 1);
                return operand == null ? null : new Not(operand);
            }
            if ("(".equals(peek())) {
                at++;
                FastExpr inner = or(depth + 1);
                if (inner == null || !")".equals(peek())) {
                    return null;
                }
                at++;
                return inner;
            }
            return path();
        }

        Path path() {
            String head = peek();
            if (head == null) {
                return null;
            }
            boolean loop = "loop".equals(head);
            if (!loop && !isName(head)) {
                return null;
            }
            at++;
            List<String> attributes = new ArrayList<>();
            while (".".equals(peek())) {
                at++;
                String a = peek();
                if (a == null || !isName(a) || a.startsWith("_")) {
                    return null;
                }
                attributes.add(a);
                at++;
            }
            if (loop && (attributes.size() != 1 || !LOOP_ATTRIBUTES.contains(attributes.get(0)))) {
                return null;
            }
            return new Path(head, attributes.toArray(new String[0]));
        }
    }
}
