package dev.duo.internal.prompt;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A template of the small Jinja subset the bundled prompts use, compiled from its source text by
 * {@link FastParser} into steps that render straight into one buffer: text (whitespace control
 * already applied), {@code {{ name.attr }}}, {@code if / elif / else}, {@code for x in y} (with
 * {@code loop.index} and its kin) and {@code include} of a literal path. It needs no Jinjava: a
 * prompt whose templates all parse here renders without ever starting it. It also carries what
 * {@link TemplateAnalyzer} would find in the same template (the names used and bound, the includes
 * and where they are), so the strict missing-input check is the same on both paths.
 *
 * <p>What it cannot render itself at run time (an input of another type, an error, a budget run
 * out) it {@link FastValues.Bail bails} on, and that message renders through Jinjava, which
 * decides. Immutable; shared by every thread.
 */
final class FastTemplate {

    /** An include by literal path, and where its tag starts (as Jinjava numbers lines and columns). */
    record Include(String path, int line, int column) {
    }

    private final Op[] ops;
    final Set<String> used;
    final Set<String> bound;
    final Set<String> loopTargets;
    final List<Include> references;
    private final int constantLength;
    /** The length of the last output (racy, only a hint): a render sizes its buffer by it. */
    private int lastLength;

    FastTemplate(Op[] ops, Set<String> used, Set<String> bound, Set<String> loopTargets, List<Include> references) {
        this.ops = ops;
        this.used = Set.copyOf(used);
        this.bound = Set.copyOf(bound);
        this.loopTargets = Set.copyOf(loopTargets);
        this.references = List.copyOf(references);
        int n = 0;
        for (Op op : ops) {
            n += op instanceof Text t ? t.text.length() : 16;
        }
        this.constantLength = n;
    }

    /** The template's steps for {@code source}, or null when it is outside the subset. */
    static FastTemplate parse(String source) {
        return FastParser.parse(source);
    }

    /**
     * Whether it writes the same text whatever the inputs: only text, and includes (by literal path)
     * of templates that do the same.
     */
    boolean constant(Function<String, FastTemplate> includes) {
        return constant(includes, 0);
    }

    private boolean constant(Function<String, FastTemplate> includes, int depth) {
        if (depth > RenderBudget.MAX_INCLUDE_DEPTH) {
            return false;
        }
        for (Op op : ops) {
            if (op instanceof Text) {
                continue;
            }
            if (!(op instanceof IncludeOp inc)) {
                return false;
            }
            FastTemplate t = includes.apply(inc.path);
            if (t == null || !t.constant(includes, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The input names its expressions read, its includes' too (a loop's own variable may be among
     * them: looking it up among the inputs is harmless), or null when an include is not on the fast
     * path or nests too deep.
     */
    Set<String> names(Function<String, FastTemplate> includes) {
        Set<String> into = new TreeSet<>();
        return names(ops, includes, into, 0) ? into : null;
    }

    private static boolean names(Op[] ops, Function<String, FastTemplate> includes, Set<String> into, int depth) {
        if (depth > RenderBudget.MAX_INCLUDE_DEPTH) {
            return false;
        }
        for (Op op : ops) {
            if (op instanceof Print p) {
                p.expression.names(into);
            } else if (op instanceof If f) {
                for (int i = 0; i < f.conditions.length; i++) {
                    if (f.conditions[i] != null) {
                        f.conditions[i].names(into);
                    }
                    if (!names(f.bodies[i], includes, into, depth)) {
                        return false;
                    }
                }
            } else if (op instanceof For f) {
                f.items.names(into);
                if (!names(f.body, includes, into, depth)) {
                    return false;
                }
            } else if (op instanceof IncludeOp inc) {
                FastTemplate t = includes.apply(inc.path);
                if (t == null || !names(t.ops, includes, into, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A buffer size that most renders fit in without growing. */
    int sizeHint() {
        int last = lastLength;
        return Math.min(RenderBudget.MAX_OUTPUT_CHARS, Math.max(constantLength, last + (last >> 3)) + 16);
    }

    /**
     * Renders into {@code out}.
     *
     * @throws FastValues.Bail when Jinjava must render it instead
     * @throws TemplateException when the call's deadline passed
     */
    void render(FastRender r, StringBuilder out) {
        walk(ops, r, out);
        lastLength = out.length();
    }

    /**
     * This thread's render buffer, reused (a prompt's text is copied out of it into the message), and
     * whether a render is using it. A flag, not taking the buffer out of its thread-local: setting a
     * thread-local cleans slots of the thread's map, twice a message.
     */
    private static final class Buffer {
        StringBuilder text;
        boolean inUse;
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
    /** A buffer grown past this (in characters) is not kept for the next render. */
    private static final int MAX_KEPT_BUFFER = 256 * 1024;

    /**
     * Renders into this thread's reused buffer and returns the text; null when the render bailed
     * (Jinjava renders it instead). The buffer is not wiped after use (zeroing it was a sixth of a
     * render): the next render writes over it, as the request body's spare buffer and OkHttp's
     * segment pool are written over, and the message itself holds the same text.
     *
     * @throws TemplateException when the call's deadline passed
     */
    String renderText(FastRender r) {
        return renderText(r, null);
    }

    /**
     * As above; when the text comes out equal to {@code previous}, that same string is returned
     * instead of a copy (a system prompt that reads only, say, the language renders the same text
     * call after call).
     */
    String renderText(FastRender r, String previous) {
        Buffer own = BUFFERS.get();
        boolean reuse = !own.inUse;   // a render nested in this one (none today) gets a buffer of its own
        StringBuilder sb = reuse && own.text != null ? own.text : new StringBuilder(sizeHint());
        if (reuse) {
            own.inUse = true;
            sb.ensureCapacity(sizeHint());
        }
        try {
            render(r, sb);
            if (previous != null && previous.length() == sb.length() && previous.contentEquals(sb)) {
                return previous;
            }
            return sb.toString();
        } catch (FastValues.Bail e) {
            return null;
        } catch (StackOverflowError e) {
            return null; // includes nested deep in deep blocks: Jinjava's path reports it, with its message
        } finally {
            if (reuse) {
                sb.setLength(0);
                own.text = sb.capacity() <= MAX_KEPT_BUFFER ? sb : null;
                own.inUse = false;
            }
        }
    }

    private static void walk(Op[] ops, FastRender r, StringBuilder out) {
        for (Op op : ops) {
            op.run(r, out);
            if (out.length() > RenderBudget.MAX_OUTPUT_CHARS) {
                throw FastValues.bail(); // Jinjava reports it, with its own message
            }
        }
    }

    /** One step of a template. */
    abstract static class Op {
        abstract void run(FastRender r, StringBuilder out);
    }

    static final class Text extends Op {
        final String text;

        Text(String text) {
            this.text = text;
        }

        @Override
        void run(FastRender r, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code {{ expression }}}: one step, then Python's {@code str()} of the value. */
    static final class Print extends Op {
        private final FastExpr expression;

        Print(FastExpr expression) {
            this.expression = expression;
        }

        @Override
        void run(FastRender r, StringBuilder out) {
            Object v = expression.eval(r);
            r.step();
            FastValues.print(v, out);
        }
    }

    /** {@code if / elif / else}: one step per condition tested; a null condition is the else. */
    static final class If extends Op {
        private final FastExpr[] conditions;
        private final Op[][] bodies;

        If(FastExpr[] conditions, Op[][] bodies) {
            this.conditions = conditions;
            this.bodies = bodies;
        }

        @Override
        void run(FastRender r, StringBuilder out) {
            for (int i = 0; i < conditions.length; i++) {
                FastExpr c = conditions[i];
                if (c == null) {
                    walk(bodies[i], r, out);
                    return;
                }
                r.step();
                if (c.test(r)) {
                    walk(bodies[i], r, out);
                    return;
                }
            }
        }
    }

    /** {@code for x in y}: one step, then the body once per item of a list (undefined: none). */
    static final class For extends Op {
        private final String variable;
        private final FastExpr items;
        private final Op[] body;

        For(String variable, FastExpr items, Op[] body) {
            this.variable = variable;
            this.items = items;
            this.body = body;
        }

        @Override
        void run(FastRender r, StringBuilder out) {
            r.step();
            Object v = items.eval(r);
            if (v == FastValues.UNDEFINED) {
                return;
            }
            if (!(v instanceof List<?> list)) {
                throw FastValues.bail(); // a string, a mapping, None ...: Jinjava's way of iterating decides
            }
            int n = list.size();
            r.enterLoop(variable, list);
            try {
                int i = 0;
                for (Object item : list) {
                    if (item == null || i >= n) {
                        throw FastValues.bail();
                    }
                    r.next(i++, item);
                    walk(body, r, out);
                }
            } finally {
                r.leaveLoop();
            }
        }
    }

    /** {@code {% include 'path' %}}: one step, then the included template's steps in the same state. */
    static final class IncludeOp extends Op {
        final String path;

        IncludeOp(String path) {
            this.path = path;
        }

        @Override
        void run(FastRender r, StringBuilder out) {
            r.step();
            walk(r.include(path).ops, r, out);
        }
    }

    /** For tests: the steps by kind. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FastTemplate[");
        for (Op op : ops) {
            sb.append(op.getClass().getSimpleName()).append(' ');
        }
        return sb.append(']').toString();
    }
}
