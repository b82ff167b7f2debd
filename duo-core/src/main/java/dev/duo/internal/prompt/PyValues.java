package dev.duo.internal.prompt;

import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's values as Jinja2 prints and tests them, inside Jinjava: {@code None} (a Java null, kept
 * in a scope as {@link #NONE} so that it shadows an outer name), Jinja2's lenient {@code Undefined}
 * ({@link #UNDEFINED}: what a missing attribute or key reads as; it prints empty, is false, iterates
 * as empty, is not {@code none}, and reading an attribute of it is an error), and {@code str()} of
 * booleans, numbers, lists and mappings.
 */
final class PyValues {

    /** Jinja2's {@code Undefined}. */
    static final Undefined UNDEFINED = new Undefined();

    /** None bound to a name (a scope cannot hold a Java null); reads turn it back into null. */
    static final Object NONE = PyNone.NONE;

    private PyValues() {
    }

    /** The undefined value: prints empty, false, empty when iterated. */
    static final class Undefined implements HasObjectTruthValue, Iterable<Object> {
        private Undefined() {
        }

        @Override
        public boolean getObjectTruthValue() {
            return false;
        }

        @Override
        public Iterator<Object> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public String toString() {
            return "";
        }
    }

    /** Python's truth value: an empty string, list or mapping, zero, None and Undefined are false. */
    static boolean truth(Object v) {
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof SafeString s) {
            return !s.toString().isEmpty();
        }
        return com.hubspot.jinjava.util.ObjectTruthValue.evaluate(v);
    }

    /** A value read from a scope or container: the None marker becomes null. */
    static Object read(Object v) {
        return v == NONE ? null : v;
    }

    /** A value to bind: null becomes the None marker. */
    static Object bind(Object v) {
        return v == null ? NONE : v;
    }

    /** Python's {@code str(value)}, as Jinja2 prints an expression. */
    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof SafeString s) {
            return s.toString();
        }
        if (v == UNDEFINED) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        repr(sb, v, 0);
        return sb.toString();
    }

    private static void repr(StringBuilder sb, Object v, int depth) {
        if (depth > 100) {
            throw new IllegalStateException("value nested deeper than 100 levels");
        }
        if (v == null || v == NONE) {
            sb.append("None");
        } else if (v == UNDEFINED) {
            sb.append("");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(floatRepr(((Number) v).doubleValue()));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof CharSequence || v instanceof SafeString) {
            if (depth == 0) {
                sb.append(v);
            } else {
                stringRepr(sb, v.toString());
            }
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(sb, e.getKey(), depth + 1);
                sb.append(": ");
                repr(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(sb, item, depth + 1);
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    /** Python's float repr for the common cases: {@code 1.0}, {@code 0.5}, {@code 1e+16}, {@code inf}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return (long) d + ".0";
        }
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
    private static void stringRepr(StringBuilder sb, String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(q);
    }
}
