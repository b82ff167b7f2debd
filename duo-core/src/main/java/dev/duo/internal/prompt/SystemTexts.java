package dev.duo.internal.prompt;

import java.util.Objects;
import java.util.Set;

/**
 * The last text each system template of a prompt rendered, with the inputs it read: a system prompt
 * reads few inputs (the language, say) and they seldom change, so a render with the same values of
 * those inputs is that same text, not rendered again (and the same string, which the request body
 * writers find by identity). Kept only when every value it read is a string, None or unbound:
 * immutable, so equal values now mean an equal render (a list could have changed in place).
 * User messages are never kept.
 *
 * <pre>{@code
 * String text = texts.text(index, bindings, template, includes);   // null: render it
 * String rendered = template.renderText(render, texts.last(index));  // the same string when equal
 * texts.keep(index, bindings, rendered);
 * }</pre>
 *
 * <p>Thread-safe: each slot holds an immutable entry, replaced whole (a racing render writes an
 * equal one).
 */
final class SystemTexts {

    /** The names a template reads; {@link #NOT_KEPT} when it cannot be kept. */
    private final String[][] names;
    private final Entry[] last;
    /** The text each template rendered last, kept or not (a render equal to it returns this string). */
    private final String[] lastText;
    private static final String[] NOT_KEPT = new String[0];

    private record Entry(Object[] values, String text) {
    }

    SystemTexts(int templates) {
        this.names = new String[templates][];
        this.last = new Entry[templates];
        this.lastText = new String[templates];
    }

    /** The text template {@code index} rendered last, when it read the same values then; else null. */
    String text(int index, CallBindings bindings, FastTemplate template, java.util.function.Function<String, FastTemplate> includes) {
        String[] read = names(index, template, includes);
        Entry e = last[index];
        if (read == NOT_KEPT || e == null) {
            return null;
        }
        for (int i = 0; i < read.length; i++) {
            Object v = bindings.lookup(read[i]);
            if (!immutable(v) || !Objects.equals(v, e.values[i])) {
                return null;
            }
        }
        return e.text;
    }

    /** The text template {@code index} rendered last, whatever its inputs; null before its first. */
    String last(int index) {
        return lastText[index];
    }

    /** Keeps {@code text}, rendered just now by template {@code index} from {@code bindings}. */
    void keep(int index, CallBindings bindings, String text) {
        lastText[index] = text;   // racy: a string is safe to publish so
        String[] read = names[index];
        if (read == null || read == NOT_KEPT) {
            return;
        }
        Object[] values = new Object[read.length];
        for (int i = 0; i < read.length; i++) {
            Object v = bindings.lookup(read[i]);
            if (!immutable(v)) {
                return;
            }
            values[i] = v;
        }
        last[index] = new Entry(values, text);
    }

    private String[] names(int index, FastTemplate template, java.util.function.Function<String, FastTemplate> includes) {
        String[] read = names[index];
        if (read == null) {
            Set<String> found = template.names(includes);
            read = found == null ? NOT_KEPT : found.toArray(new String[0]);
            names[index] = read;   // racy: every thread finds the same names
        }
        return read;
    }

    /** A value equal values of which render equally: a string, None (null), unbound. */
    private static boolean immutable(Object v) {
        return v == null || v == FastValues.UNDEFINED || v instanceof String;
    }
}
