package dev.duo.internal.prompt;

/**
 * What one render may spend, for every template, bundled or user: output size (checked before a
 * filter allocates a large width or repeat, and by Jinjava's own output limit), steps (every printed
 * expression, tag, filter call and loop body counts one), and time (the call's deadline). Not
 * thread-safe: one budget per render.
 */
final class RenderBudget {

    /** The most characters one rendered template may hold. */
    static final int MAX_OUTPUT_CHARS = 4_000_000;
    /** The most steps one render may take. */
    static final long MAX_STEPS = 2_000_000;
    /** How deeply tags and brackets may nest in a template, checked at load. */
    static final int MAX_NESTING = 100;
    /** How long an include chain may be, checked at load. */
    static final int MAX_INCLUDE_DEPTH = 32;

    private final long deadlineNanos;
    private final String file;
    private long steps;
    private BudgetExceeded exceeded;

    /**
     * @param file the template, for messages
     * @param timeoutNanos how long the render may take from now
     */
    RenderBudget(String file, long timeoutNanos) {
        this.file = file;
        long now = System.nanoTime();
        this.deadlineNanos = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
    }

    /** Counts one step and reads the clock (cheap next to a step); once exceeded, every step stops. */
    void step() {
        if (exceeded != null) {
            throw exceeded;
        }
        steps++;
        if (steps > MAX_STEPS) {
            throw exceeded(new BudgetExceeded("rendering " + file + " took more than " + MAX_STEPS + " steps (loops too long or "
                    + "nested too deeply): the render budget of a prompt template", false));
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw exceeded(new BudgetExceeded("rendering " + file + " ran past the call's deadline", true));
        }
    }

    /** Refuses a width or count that would make the output larger than the budget. */
    void checkSize(String what, long size) {
        if (size > MAX_OUTPUT_CHARS || size < -MAX_OUTPUT_CHARS) {
            throw exceeded(new BudgetExceeded(what + " of " + size + " in " + file + " exceeds the render budget of "
                    + MAX_OUTPUT_CHARS + " characters", false));
        }
    }

    private BudgetExceeded exceeded(BudgetExceeded e) {
        exceeded = e;
        return e;
    }

    /** Jinjava reported the output too big (it records that and goes on): stop at the next step. */
    void outputTooBig() {
        if (exceeded == null) {
            exceeded = new BudgetExceeded("the rendered text of " + file + " exceeds the render budget of "
                    + MAX_OUTPUT_CHARS + " characters", false);
        }
    }

    /** What stopped the render, if the budget ran out (Jinjava may have recorded it as an error). */
    BudgetExceeded exceeded() {
        return exceeded;
    }

    /** The budget ran out: an error the template's author must fix, or the deadline passed. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean deadline;

        BudgetExceeded(String message, boolean deadline) {
            super(message, null, false, false);
            this.deadline = deadline;
        }

        boolean deadline() {
            return deadline;
        }
    }
}
