package dev.duo.internal.prompt;

import com.hubspot.jinjava.interpret.CollectionTooBigException;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.TextNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.TextToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template flattened, once, into the steps a render takes, and rendered straight into one
 * buffer: the text between tags (with its whitespace control already applied), printed expressions,
 * {@code if} / {@code elif} / {@code else}, {@code include} and {@code with} are done here; any other
 * tag ({@code for}, {@code set}, {@code raw} ...) is handed to Jinjava as it stands, in the same
 * interpreter and scope. It does what Jinjava's own tree walk does, in the same order and with the
 * same budget steps and errors, without building a string per tag and per include (three copies of
 * a 4 KB prompt, and a UTF-8 encoding of each to count its size).
 *
 * <p>A template using {@code extends} or {@code block} (whose output Jinjava assembles after the walk)
 * has no plan: it renders the old way. Immutable; shared by every thread.
 */
final class TemplatePlan {

    /** Tags that keep to the current scope's reads: a template with only these needs no scope of its own. */
    private static final Set<String> READ_ONLY_TAGS = Set.of("if", "elif", "else", "include", "with", "for", "raw");

    private final Op[] ops;
    /** Whether a render may write names into the scope it runs in ({@code set}, a computed include ...). */
    final boolean writes;

    /** The text the plan writes whatever the inputs, a floor for the size of its output. */
    private final int constantLength;
    /** The length of the last output (racy, only a hint): a render sizes its buffer by it. */
    private int lastLength;

    private TemplatePlan(Op[] ops, boolean writes) {
        this.ops = ops;
        this.writes = writes;
        int n = 0;
        for (Op op : ops) {
            n += op instanceof Text t ? t.text.length() : 16;
        }
        this.constantLength = n;
    }

    /**
     * Whether the plan writes the same text whatever the inputs: only text, and includes (by literal
     * path) of templates that do the same. Such a template is rendered once and its text kept.
     *
     * @param includes the prompt's pre-parsed templates by path
     * @param plans the plan of a parsed template (null: none)
     */
    boolean constant(java.util.function.Function<String, Node> includes,
            java.util.function.Function<Node, TemplatePlan> plans) {
        return constant(includes, plans, 0);
    }

    private boolean constant(java.util.function.Function<String, Node> includes,
            java.util.function.Function<Node, TemplatePlan> plans, int depth) {
        if (depth > RenderBudget.MAX_INCLUDE_DEPTH) {
            return false;
        }
        for (Op op : ops) {
            if (op instanceof Text) {
                continue;
            }
            if (!(op instanceof Include inc) || inc.literal == null) {
                return false;
            }
            Node target = includes.apply(inc.literal);
            TemplatePlan plan = target == null ? null : plans.apply(target);
            if (plan == null || !plan.constant(includes, plans, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** A buffer size that most renders fit in without growing. */
    int sizeHint() {
        int last = lastLength;
        return Math.min(RenderBudget.MAX_OUTPUT_CHARS, Math.max(constantLength, last + (last >> 3)) + 16);
    }

    /** The plan of a parsed template (a root node), or null when it must render the old way. */
    static TemplatePlan of(Node root) {
        boolean[] writes = {false};
        Op[] ops = compile(root.getChildren(), writes);
        return ops == null ? null : new TemplatePlan(ops, writes[0]);
    }

    private static Op[] compile(List<Node> nodes, boolean[] writes) {
        List<Op> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            Op op = compile(n, writes);
            if (op == null) {
                return null;
            }
            out.add(op);
        }
        return out.toArray(new Op[0]);
    }

    private static Op compile(Node n, boolean[] writes) {
        if (n instanceof TextNode && n.getMaster() instanceof TextToken t) {
            return new Text(n, t.output());
        }
        if (n instanceof ExpressionNode && n.getMaster() instanceof ExpressionToken e) {
            return new Print(n, e.getExpr());
        }
        if (!(n instanceof TagNode tag)) {
            writes[0] |= writesInside(n);
            return new Other(n);
        }
        String name = tag.getName();
        if ("extends".equals(name) || "block".equals(name) || hasTag(tag, "extends") || hasTag(tag, "block")) {
            return null;
        }
        if (!READ_ONLY_TAGS.contains(name)) {
            writes[0] = true;
        }
        if (tag.getTag() instanceof Tags.IfTag && tag.getHelpers() != null && !tag.getHelpers().isBlank()) {
            return ifOp(tag, writes);
        }
        if (tag.getTag() instanceof Tags.IncludeTag) {
            String literal = Assignments.literalPath(tag.getHelpers());
            if (literal == null) {
                writes[0] = true; // computed path: what it includes is known only at render
            }
            return new Include(tag, literal);
        }
        if (tag.getTag() instanceof Tags.WithTag) {
            try {
                Op[] body = compile(tag.getChildren(), writes);
                return body == null ? null : new With(tag, Assignments.parse(tag.getHelpers()), body);
            } catch (IllegalArgumentException e) {
                writes[0] |= writesInside(tag);
                return new Other(tag); // as malformed as Jinjava's own walk finds it
            }
        }
        writes[0] |= writesInside(tag);
        return new Other(tag);
    }

    /** Whether a tag below {@code n} may write a name ({@code set} in a loop, a computed include ...). */
    private static boolean writesInside(Node n) {
        for (Node c : n.getChildren()) {
            if (c instanceof TagNode t && (!READ_ONLY_TAGS.contains(t.getName())
                    || (t.getTag() instanceof Tags.IncludeTag && Assignments.literalPath(t.getHelpers()) == null))) {
                return true;
            }
            if (writesInside(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasTag(Node n, String name) {
        for (Node c : n.getChildren()) {
            if ((c instanceof TagNode t && name.equals(t.getName())) || hasTag(c, name)) {
                return true;
            }
        }
        return false;
    }

    /** Jinjava's if: its children hold the elif / else tags that start each further branch. */
    private static Op ifOp(TagNode tag, boolean[] writes) {
        List<TagNode> conditions = new ArrayList<>();
        List<Op[]> bodies = new ArrayList<>();
        conditions.add(tag);
        List<Node> branch = new ArrayList<>();
        for (Node child : tag.getChildren()) {
            if (child instanceof TagNode t && ("elif".equals(t.getName()) || "else".equals(t.getName()))) {
                Op[] body = compile(branch, writes);
                if (body == null) {
                    return null;
                }
                bodies.add(body);
                conditions.add("else".equals(t.getName()) ? null : t);
                branch = new ArrayList<>();
            } else {
                branch.add(child);
            }
        }
        Op[] body = compile(branch, writes);
        if (body == null) {
            return null;
        }
        bodies.add(body);
        return new If(tag, conditions.toArray(new TagNode[0]), bodies.toArray(new Op[0][]));
    }

    /**
     * Renders into {@code out}, as {@code JinjavaInterpreter.render(root)} does: an output over the
     * budget or a collection over its limit is recorded as Jinjava records it and ends the render.
     */
    void render(DuoInterpreter interpreter, StringBuilder out) {
        try {
            walk(ops, interpreter, out, true);
            lastLength = out.length();
        } catch (OutputTooBigException e) {
            interpreter.addError(TemplateError.fromOutputTooBigException(e));
        } catch (CollectionTooBigException e) {
            interpreter.addError(new TemplateError(TemplateError.ErrorType.FATAL,
                    TemplateError.ErrorReason.COLLECTION_TOO_BIG, TemplateError.ErrorItem.OTHER, e.getMessage(), null,
                    -1, -1, e, com.hubspot.jinjava.interpret.errorcategory.BasicTemplateErrorCategory.UNKNOWN,
                    java.util.Map.of()));
        }
    }

    private static void walk(Op[] ops, DuoInterpreter interpreter, StringBuilder out, boolean top) {
        for (Op op : ops) {
            if (top) {
                // Jinjava's walk keeps the position of the node it is at, for error messages.
                interpreter.setLineNumber(op.node.getLineNumber());
                interpreter.setPosition(op.node.getStartPosition());
            }
            op.run(interpreter, out);
            if (out.length() > RenderBudget.MAX_OUTPUT_CHARS) {
                throw new OutputTooBigException(RenderBudget.MAX_OUTPUT_CHARS, out.length());
            }
        }
    }

    /** One step of a plan, and the node it came from. */
    private abstract static class Op {
        final Node node;

        Op(Node node) {
            this.node = node;
        }

        abstract void run(DuoInterpreter interpreter, StringBuilder out);
    }

    private static final class Text extends Op {
        private final String text;

        Text(Node node, String text) {
            super(node);
            this.text = text;
        }

        @Override
        void run(DuoInterpreter interpreter, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code {{ expression }}}, as Jinjava's default expression strategy prints it (no autoescape, no nesting). */
    private static final class Print extends Op {
        private final String expression;
        private final String name;

        Print(Node node, String expression) {
            super(node);
            this.expression = expression;
            this.name = simpleName(expression);
        }

        @Override
        void run(DuoInterpreter interpreter, StringBuilder out) {
            Object value = resolve(interpreter, expression, name, node.getLineNumber(), -1);
            out.append(interpreter.getAsString(value));
        }
    }

    /** Words an expression of one name cannot be: JUEL's and Jinja's keywords and literals. */
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "div",
            "mod", "eq", "ne", "lt", "gt", "le", "ge", "instanceof", "none", "None", "True", "False", "is", "in", "if",
            "else", "loop", "caller", "range", "super", "self", "varargs", "kwargs");

    /** The name an expression consists of ({@code user_instruction}), or null for any other expression. */
    static String simpleName(String expression) {
        if (expression == null) {
            return null;
        }
        String e = expression.strip();
        if (e.isEmpty() || !(Character.isLetter(e.charAt(0)) && e.charAt(0) < 128 || e.charAt(0) == '_')) {
            return null;
        }
        for (int i = 1; i < e.length(); i++) {
            char c = e.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return null;
            }
        }
        return KEYWORDS.contains(e) ? null : e;
    }

    /**
     * An expression's value. One that is a single name bound to a string, a boolean, a whole number,
     * None or nothing is read from the scope directly: what Jinjava's expression language does for it
     * (look the name up, wrap and unwrap a value that needs no wrapping), without building an
     * expression object per read. Anything else (a list, a mapping, any other expression) goes to
     * the expression language as it stands.
     *
     * @param position the position to record, or -1 to leave it (as the two-argument resolve does)
     */
    static Object resolve(DuoInterpreter interpreter, String expression, String name, int line, int position) {
        if (name != null) {
            if (position >= 0) {
                interpreter.setPosition(position);
            }
            interpreter.setLineNumber(line);
            Object v = interpreter.retraceVariable(name, line, -1);
            if (v == null || v instanceof String || v == PyValues.UNDEFINED || v instanceof Boolean
                    || v instanceof Integer || v instanceof Long) {
                return v;
            }
        }
        return position >= 0 ? interpreter.resolveELExpression(expression, line, position)
                : interpreter.resolveELExpression(expression, line);
    }

    /** A node Jinjava renders itself, in the current interpreter and scope. */
    private static final class Other extends Op {
        Other(Node node) {
            super(node);
        }

        @Override
        void run(DuoInterpreter interpreter, StringBuilder out) {
            out.append(node.render(interpreter).getValue());
        }
    }

    /** A tag's work, failing as Jinjava's {@code TagNode.render} fails (other exceptions wrapped). */
    private abstract static class TagOp extends Op {
        TagOp(TagNode node) {
            super(node);
        }

        @Override
        final void run(DuoInterpreter interpreter, StringBuilder out) {
            try {
                interpret(interpreter, out);
            } catch (InterpretException | InvalidInputException | InvalidArgumentException | OutputTooBigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InterpretException("Error rendering tag", e, node.getLineNumber(), node.getStartPosition());
            }
        }

        abstract void interpret(DuoInterpreter interpreter, StringBuilder out);
    }

    private static final class If extends TagOp {
        private final TagNode[] conditions;   // null: else
        private final String[] names;
        private final Op[][] bodies;

        If(TagNode node, TagNode[] conditions, Op[][] bodies) {
            super(node);
            this.conditions = conditions;
            this.bodies = bodies;
            this.names = new String[conditions.length];
            for (int i = 0; i < conditions.length; i++) {
                names[i] = conditions[i] == null ? null : simpleName(conditions[i].getHelpers());
            }
        }

        /** As {@link Tags.IfTag}'s test: one budget step, Python's truth of the condition. */
        private boolean test(int i, DuoInterpreter interpreter) {
            interpreter.step();
            TagNode c = conditions[i];
            return PyValues.truth(resolve(interpreter, c.getHelpers(), names[i], c.getLineNumber(), c.getStartPosition()));
        }

        @Override
        void interpret(DuoInterpreter interpreter, StringBuilder out) {
            for (int i = 0; i < conditions.length; i++) {
                if (conditions[i] == null || test(i, interpreter)) {
                    walk(bodies[i], interpreter, out, false);
                    return;
                }
            }
        }
    }

    private static final class Include extends TagOp {
        private final String literal;

        Include(TagNode node, String literal) {
            super(node);
            this.literal = literal;
        }

        @Override
        void interpret(DuoInterpreter interpreter, StringBuilder out) {
            interpreter.step();
            Node target = Tags.preloaded((TagNode) node, literal, interpreter);
            TemplatePlan plan = interpreter.plan(target);
            if (plan == null) {
                out.append(interpreter.render(target, false));
            } else {
                walk(plan.ops, interpreter, out, true);
            }
        }
    }

    private static final class With extends TagOp {
        private final List<Assignments.Assignment> assignments;
        private final Op[] body;

        private final String[] names;

        With(TagNode node, List<Assignments.Assignment> assignments, Op[] body) {
            super(node);
            this.assignments = assignments;
            this.body = body;
            this.names = assignments.stream().map(a -> simpleName(a.expression())).toArray(String[]::new);
        }

        @Override
        void interpret(DuoInterpreter interpreter, StringBuilder out) {
            interpreter.step();
            Object[] values = new Object[assignments.size()];
            for (int i = 0; i < values.length; i++) {
                // Jinja2 evaluates every right-hand side in the enclosing scope.
                values[i] = resolve(interpreter, assignments.get(i).expression(), names[i], node.getLineNumber(),
                        node.getStartPosition());
            }
            interpreter.enterScope();
            try {
                Map<String, Object> scope = interpreter.getContext();
                for (int i = 0; i < values.length; i++) {
                    scope.put(assignments.get(i).name(), PyValues.bind(values[i]));
                }
                walk(body, interpreter, out, false);
            } finally {
                interpreter.leaveScope();
            }
        }
    }

    /** For a test: a plan's steps by kind. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TemplatePlan[");
        for (Op op : ops) {
            sb.append(op.getClass().getSimpleName()).append(' ');
        }
        return sb.append(writes ? "writes]" : "]").toString();
    }
}
