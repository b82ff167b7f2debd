package dev.duo.internal.prompt;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One call's rendering: one interpreter and one scope of inputs for all of a prompt's messages
 * (Jinjava's interpreter costs about 6 KB and its context 2 KB to make, which used to be paid per
 * message). The interpreter comes from a small pool and goes back to it only after renders that
 * recorded no error, its inputs cleared; one that failed is dropped. Not thread-safe: one call.
 *
 * <pre>{@code
 * try (RenderSession s = engine.session(bindings, includes, fragments)) {
 *     String system = s.render(label, root, timeoutNanos, false);
 * }
 * }</pre>
 */
final class RenderSession implements AutoCloseable {

    private final Pool pool;
    private final DuoInterpreter interpreter;
    private final DuoContext context;
    private boolean reusable = true;

    RenderSession(Pool pool, DuoInterpreter interpreter) {
        this.pool = pool;
        this.interpreter = interpreter;
        this.context = (DuoContext) interpreter.getContext();
    }

    /**
     * Renders one parsed template within a time budget; {@code ownScope} renders it in a scope of its
     * own, so that what it sets is not seen by the next message (Jinja2 renders each one apart);
     * {@code planned} walks its plan, false (a template that includes one that extends another, whose
     * output Jinjava assembles after the walk) renders it through Jinjava's own walk.
     *
     * @throws TemplateException naming {@code file}, the line and column where rendering failed, or
     *     that the budget ran out
     */
    String render(String file, Node root, long timeoutNanos, boolean ownScope, boolean planned) {
        RenderBudget budget = new RenderBudget(file, timeoutNanos);
        interpreter.budget(budget);
        interpreter.setLineNumber(-1);
        interpreter.setPosition(0);
        TemplatePlan plan = planned ? interpreter.plan(root) : null;
        if (plan == null) {
            reusable = false; // extends / block leave state in the interpreter
        }
        boolean ok = false;
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            String out;
            if (ownScope) {
                interpreter.enterScope();
            }
            try {
                if (plan == null) {
                    out = interpreter.render(root);
                } else {
                    StringBuilder sb = interpreter.buffer(plan.sizeHint());
                    try {
                        plan.render(interpreter, sb);
                        out = sb.toString();
                    } finally {
                        interpreter.releaseBuffer(sb);
                    }
                }
            } finally {
                if (ownScope) {
                    interpreter.leaveScope();
                }
            }
            if (budget.exceeded() != null) {
                throw new TemplateException(file, interpreter.getLineNumber(), 0, budget.exceeded().getMessage(),
                        budget.exceeded().deadline());
            }
            if (interpreter.errorCount() > 0) {
                reusable = false;
                checkErrors(file, interpreter.getErrors());
            }
            ok = true;
            return out;
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            RenderBudget.BudgetExceeded b = budget.exceeded() != null ? budget.exceeded() : budgetCause(e);
            if (b != null) {
                throw new TemplateException(file, interpreter.getLineNumber(), 0, b.getMessage(), b.deadline());
            }
            throw new TemplateException(file, interpreter.getLineNumber(), interpreter.getPosition(),
                    TemplateEngine.clean(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new TemplateException(file, interpreter.getLineNumber(), 0,
                    "rendering nested too deeply (the render budget of a prompt template)");
        } finally {
            interpreter.budget(null);
            if (!ok) {
                reusable = false;
            }
        }
    }

    private static void checkErrors(String file, List<TemplateError> errors) {
        for (TemplateError e : errors) {
            if (e.getReason() == TemplateError.ErrorReason.OUTPUT_TOO_BIG) {
                throw new TemplateException(file, e.getLineno(), 0, "the rendered text exceeds the render budget of "
                        + RenderBudget.MAX_OUTPUT_CHARS + " characters");
            }
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException(file, e.getLineno(), e.getStartPosition(), TemplateEngine.clean(e.getMessage()));
            }
        }
    }

    /** Jinjava wraps what a tag or filter throws; find the budget's own exception. */
    private static RenderBudget.BudgetExceeded budgetCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof RenderBudget.BudgetExceeded b) {
                return b;
            }
        }
        return null;
    }

    /** Gives the interpreter back (its inputs cleared) when every render went well; else drops it. */
    @Override
    public void close() {
        if (reusable && interpreter.getContext() == context && !interpreter.keepsState()) {
            context.clear();
            interpreter.templates(Map.of(), Map.of());
            pool.release(interpreter);
        }
    }

    /**
     * Idle interpreters, a few per core: taking one and giving it back allocate nothing. When all are
     * taken (many renders at once) a call makes its own, and one given back to a full pool is dropped.
     */
    static final class Pool {
        private final AtomicReferenceArray<DuoInterpreter> idle;

        Pool(int size) {
            idle = new AtomicReferenceArray<>(size);
        }

        /** An idle interpreter, or null when there is none. */
        DuoInterpreter take() {
            int n = idle.length();
            int start = (System.identityHashCode(Thread.currentThread()) & 0x7fffffff) % n;
            for (int i = 0; i < n; i++) {
                int at = (start + i) % n;
                DuoInterpreter d = idle.get(at);
                if (d != null && idle.compareAndSet(at, d, null)) {
                    return d;
                }
            }
            return null;
        }

        void release(DuoInterpreter d) {
            int n = idle.length();
            int start = (System.identityHashCode(Thread.currentThread()) & 0x7fffffff) % n;
            for (int i = 0; i < n; i++) {
                int at = (start + i) % n;
                if (idle.get(at) == null && idle.compareAndSet(at, null, d)) {
                    return;
                }
            }
        }
    }
}
