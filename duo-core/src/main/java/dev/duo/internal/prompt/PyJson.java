package dev.duo.internal.prompt;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON exactly as Jinja2's {@code tojson} does: Python's {@code json.dumps} with sorted keys,
 * ASCII-only output, its separators ({@code ", "} and {@code ": "}, or a newline and the indent),
 * then {@code <}, {@code >}, {@code &} and {@code '} escaped so the text is HTML-safe.
 */
final class PyJson {

    private PyJson() {
    }

    static String dumps(Object value, Integer indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, Integer indent, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16
                    ? String.valueOf((long) d) + ".0" : String.valueOf(d));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                separator(sb, first, indent, level + 1);
                first = false;
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), indent, level + 1);
            }
            close(sb, indent, level);
            sb.append('}');
        } else if (v instanceof Collection<?> || v instanceof Object[]) {
            Collection<?> c = v instanceof Collection<?> col ? col : java.util.Arrays.asList((Object[]) v);
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object item : c) {
                separator(sb, first, indent, level + 1);
                first = false;
                write(sb, item, indent, level + 1);
            }
            close(sb, indent, level);
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static void separator(StringBuilder sb, boolean first, Integer indent, int level) {
        if (indent == null) {
            if (!first) {
                sb.append(", ");
            }
            return;
        }
        if (!first) {
            sb.append(',');
        }
        sb.append('\n').append(" ".repeat(indent * level));
    }

    private static void close(StringBuilder sb, Integer indent, int level) {
        if (indent != null) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                // Jinja2's htmlsafe_json_dumps escapes these after json.dumps.
                case '<', '>', '&', '\'' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
