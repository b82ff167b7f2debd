package dev.duo.internal.prompt;

import java.util.List;
import java.util.function.Function;

/**
 * One render's state on the fast path: the call's inputs, the loop variables in force (a small
 * stack, innermost last, seen by included templates too, as Jinja2's context is), the budget, and
 * the templates an include may name. Not thread-safe: one per render.
 */
final class FastRender {

    private final CallBindings bindings;
    private final Function<String, FastTemplate> includes;
    private final String file;
    private final long deadlineNanos;
    /** Loop variables in force, innermost last; made on the first loop entered. */
    private String[] names;
    private Object[] values;
    private int size;
    private Loop loop;
    private long steps;

    /**
     * @param bindings the call's inputs
     * @param includes the prompt's templates by path (null when absent or not on the fast path)
     * @param file the template, for messages
     * @param deadlineNanos the {@link System#nanoTime()} past which the render stops ({@link Long#MAX_VALUE}: never)
     */
    FastRender(CallBindings bindings, Function<String, FastTemplate> includes, String file, long deadlineNanos) {
        this.bindings = bindings;
        this.includes = includes;
        this.file = file;
        this.deadlineNanos = deadlineNanos;
    }

    /** A name's value: the innermost loop variable of that name, else the input; unbound is undefined. */
    Object lookup(String name) {
        for (int i = size - 1; i >= 0; i--) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return bindings.lookup(name);
    }

    void push(String name, Object value) {
        if (names == null) {
            names = new String[4];
            values = new Object[4];
        } else if (size == names.length) {
            names = java.util.Arrays.copyOf(names, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
    }

    void set(Object value) {
        values[size - 1] = value;
    }

    void pop() {
        values[--size] = null;
    }

    /** The template an include names, or a bail (not loaded, or not on the fast path). */
    FastTemplate include(String path) {
        FastTemplate t = includes == null ? null : includes.apply(path);
        if (t == null) {
            throw FastValues.bail();
        }
        return t;
    }

    /**
     * Counts one step as Jinjava's path counts them (a printed expression, a condition tested, a
     * loop or include entered) and reads the clock on the first and every sixteenth. More steps than
     * the budget bails: Jinjava renders again and reports it with its own message.
     */
    void step() {
        long s = ++steps;
        if (s > RenderBudget.MAX_STEPS) {
            throw FastValues.bail();
        }
        if ((s & 15) == 1) {
            clock();
        }
    }

    /** Stops the render once the call's deadline has passed, as {@link RenderBudget} does. */
    void clock() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new TemplateException(file, 0, 0, "rendering " + file + " ran past the call's deadline", true);
        }
    }

    /** Enters a loop over {@code items} (each pass sets the variable with {@link #next}). */
    void enterLoop(String variable, List<?> items) {
        loop = new Loop(items.size(), loop);
        push(variable, null);
    }

    /** Moves to pass {@code index} of the innermost loop, binding its item. */
    void next(int index, Object item) {
        loop.index0 = index;
        set(item);
        if ((index & 255) == 255) {
            clock();
        }
    }

    void leaveLoop() {
        pop();
        loop = loop.parent;
    }

    /** {@code loop.<name>} of the innermost loop; outside any loop (an include's own use), a bail. */
    Object loopAttribute(String name) {
        Loop l = loop;
        if (l == null) {
            throw FastValues.bail();
        }
        return switch (name) {
            case "index" -> l.index0 + 1;
            case "index0" -> l.index0;
            case "first" -> l.index0 == 0;
            case "last" -> l.index0 == l.length - 1;
            case "length" -> l.length;
            case "revindex" -> l.length - l.index0;
            case "revindex0" -> l.length - l.index0 - 1;
            default -> throw FastValues.bail();
        };
    }

    private static final class Loop {
        final int length;
        final Loop parent;
        int index0;

        Loop(int length, Loop parent) {
            this.length = length;
            this.parent = parent;
        }
    }
}
