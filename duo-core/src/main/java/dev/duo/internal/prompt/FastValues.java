package dev.duo.internal.prompt;

import java.util.List;
import java.util.Map;

/**
 * Python's values as the fast path prints and tests them, for the plain types it knows: strings,
 * booleans, whole numbers, None, Jinja2's lenient undefined, lists and mappings of those. For any
 * other value (a float, a Java object, a set ...) it {@link Bail bails out}, and the message is
 * rendered by Jinjava instead, which knows them all: the fast path never guesses.
 */
final class FastValues {

    /** Jinja2's lenient {@code Undefined} on the fast path: prints empty, is false, iterates as empty. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    private FastValues() {
    }

    /**
     * Thrown when the fast path meets what it does not render itself (a value of another type, an
     * error, a budget run out): the caller renders the message through Jinjava, which decides.
     * Preallocated and without a stack trace: bailing costs nothing.
     */
    static final class Bail extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Bail INSTANCE = new Bail();

        private Bail() {
            super("the fast template path hands this render to Jinjava", null, false, false);
        }
    }

    static Bail bail() {
        return Bail.INSTANCE;
    }

    /** The most items of a list or mapping Jinjava reads (its limits, set in {@link TemplateEngine}). */
    static final int MAX_ITEMS = 1_000_000;

    /** {@code v}, unless it is a text, list or mapping larger than Jinjava reads: then a bail (Jinjava decides). */
    static Object sized(Object v) {
        if ((v instanceof String s && s.length() > RenderBudget.MAX_OUTPUT_CHARS)
                || (v instanceof java.util.Collection<?> c && c.size() > MAX_ITEMS)
                || (v instanceof Map<?, ?> m && m.size() > MAX_ITEMS)) {
            throw bail();
        }
        return v;
    }

    /** Python's {@code str(value)} appended to {@code out}, as {@link PyValues#str} prints it. */
    static void print(Object v, StringBuilder out) {
        if (v instanceof String s) {
            out.append(s);
        } else if (v == UNDEFINED) {
            // prints nothing
        } else {
            repr(v, out, 0);
        }
    }

    private static void repr(Object v, StringBuilder out, int depth) {
        if (depth > 100) {
            throw bail();
        }
        if (v == null || v == PyNone.NONE) {
            out.append("None");
        } else if (v instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.append(((Number) v).longValue());
        } else if (v instanceof String s) {
            if (depth == 0) {
                out.append(s);
            } else {
                stringRepr(out, s);
            }
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                repr(e.getKey(), out, depth + 1);
                out.append(": ");
                repr(e.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0, n = l.size(); i < n; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                repr(l.get(i), out, depth + 1);
            }
            out.append(']');
        } else {
            throw bail();
        }
    }

    /** Python's {@code repr(str)}, only for text without quotes or control characters (else: bail). */
    private static void stringRepr(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '"' || c == '\\') {
                throw bail();
            }
        }
        out.append('\'').append(s).append('\'');
    }

    /** Python's truth value of a known value; bails on others. */
    static boolean truth(Object v) {
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v == null || v == UNDEFINED || v == PyNone.NONE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue() != 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        throw bail();
    }

    /**
     * {@code base.name} as the sandbox resolver reads it, for the cases that cannot fail: a key of a
     * mapping (missing: undefined), anything of a list (undefined). An attribute of None (Jinjava's
     * expression language reads it as None, Jinja2 as undefined: Jinjava decides), of an undefined
     * value (an error), of a string (maybe a refused method) or of anything else bails.
     */
    static Object attribute(Object base, String name) {
        if (base instanceof Map<?, ?> m) {
            if (!m.containsKey(name)) {
                return UNDEFINED;
            }
            Object v = m.get(name);
            return v == PyNone.NONE ? null : v;
        }
        if (base instanceof List<?>) {
            return UNDEFINED;
        }
        throw bail();
    }
}
