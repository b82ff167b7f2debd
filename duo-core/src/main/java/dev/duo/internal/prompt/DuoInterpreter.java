package dev.duo.internal.prompt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.Node;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Jinjava interpreter that knows the prompt's pre-parsed includes (so the include and extends
 * tags never read or parse a file while rendering) and counts every parse it does, which is how a
 * test proves rendering costs no parsing.
 */
final class DuoInterpreter extends JinjavaInterpreter {

    /** The spellings of None, which Jinjava may look up as names. */
    private static final java.util.Set<String> NULL_NAMES = java.util.Set.of("none", "None", "null");

    private Map<String, Node> includes;
    private Map<String, Node> fragments;
    private final AtomicLong parseCounter;
    private final TemplateEngine engine;
    private RenderBudget budget;
    private int errorCount;

    DuoInterpreter(Jinjava jinjava, Context context, JinjavaConfig config, Map<String, Node> includes,
            Map<String, Node> fragments, AtomicLong parseCounter, TemplateEngine engine) {
        super(jinjava, context, config);
        this.includes = includes;
        this.fragments = fragments;
        this.parseCounter = parseCounter;
        this.engine = engine;
    }

    /** A buffer kept longer than this (in characters) is dropped after use instead. */
    private static final int MAX_KEPT_BUFFER = 256 * 1024;
    private StringBuilder buffer;

    /**
     * The buffer a render writes into: the interpreter's own (kept with it, in the pool), so that a
     * render allocates only the string it returns.
     */
    StringBuilder buffer(int sizeHint) {
        StringBuilder b = buffer;
        buffer = null;
        if (b == null) {
            return new StringBuilder(sizeHint);
        }
        b.ensureCapacity(sizeHint);
        return b;
    }

    /** Takes the buffer back, wiped (a prompt's text is not kept in the pool), unless it grew too large. */
    void releaseBuffer(StringBuilder b) {
        int used = b.length();
        b.setLength(0);
        if (b.capacity() > MAX_KEPT_BUFFER) {
            return;
        }
        b.setLength(used); // fills with zeros
        b.setLength(0);
        buffer = b;
    }

    /** Serves this prompt's templates from now on (a pooled interpreter taken for a new call). */
    void templates(Map<String, Node> includes, Map<String, Node> fragments) {
        this.includes = includes;
        this.fragments = fragments;
    }

    /** Whether a render left state Jinjava keeps past it (an extends parent, a block): not pooled again. */
    private boolean keepsState;

    @Override
    public void addExtendParentRoot(Node root) {
        keepsState = true;
        super.addExtendParentRoot(root);
    }

    @Override
    public void addBlock(String name, com.hubspot.jinjava.tree.output.BlockInfo blockInfo) {
        keepsState = true;
        super.addBlock(name, blockInfo);
    }

    /** Whether a render left an extends parent or a block behind (then this interpreter is dropped). */
    boolean keepsState() {
        return keepsState;
    }

    /** How many errors Jinjava has recorded on this interpreter (any: it is not pooled again). */
    int errorCount() {
        return errorCount;
    }

    /** The engine's plan of a parsed template, or null when it renders the old way. */
    TemplatePlan plan(Node root) {
        return engine == null ? null : engine.plan(root);
    }

    @Override
    public Node parse(String template) {
        parseCounter.incrementAndGet();
        return super.parse(template);
    }

    /**
     * A name's value as Jinja2 sees it: a name bound to None (kept as {@link PyValues#NONE} so that it
     * shadows) reads as null, and a name bound nowhere reads as {@link PyValues#UNDEFINED}.
     */
    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
        Object v = super.retraceVariable(variable, lineNumber, startPosition);
        if (v == PyValues.NONE) {
            return null;
        }
        if (v == null && !NULL_NAMES.contains(variable)) {
            return PyValues.UNDEFINED;
        }
        return v;
    }

    /** Python's {@code str()}: Jinja2 prints None, True, lists and mappings as Python does. */
    @Override
    public String getAsString(Object object) {
        step();
        return PyValues.str(object);
    }

    /** Jinjava records an output that grew too big and renders on; the budget stops it instead. */
    @Override
    public void addError(com.hubspot.jinjava.interpret.TemplateError templateError) {
        errorCount++;
        super.addError(templateError);
        if (budget != null && templateError.getReason() == com.hubspot.jinjava.interpret.TemplateError.ErrorReason.OUTPUT_TOO_BIG) {
            budget.outputTooBig();
        }
    }

    /** Sets the budget of the render this interpreter runs. */
    void budget(RenderBudget b) {
        this.budget = b;
    }

    /** The budget of the current render, or null (parsing). */
    RenderBudget budget() {
        return budget;
    }

    /** Counts one step of the current render's budget. */
    void step() {
        if (budget != null) {
            budget.step();
        }
    }

    /** Counts a step on the current thread's interpreter, if it is ours. */
    static void stepCurrent() {
        if (JinjavaInterpreter.getCurrent() instanceof DuoInterpreter d) {
            d.step();
        }
    }

    /** The current thread's render budget, or null. */
    static RenderBudget currentBudget() {
        return JinjavaInterpreter.getCurrent() instanceof DuoInterpreter d ? d.budget : null;
    }

    /**
     * The pre-parsed template at {@code path} (relative to the prompt root): one the prompt includes
     * by name, else (for a computed path) any fragment loaded with the registry; null when none.
     */
    Node include(String path) {
        Node n = includes.get(path);
        return n != null ? n : fragments.get(path);
    }
}
