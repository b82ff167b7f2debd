package dev.duo.internal.prompt;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tags that differ from Jinjava's: {@code with} (Jinja2 has it, Jinjava does not), and
 * {@code include} / {@code extends} served from the prompt's templates parsed at load (Jinjava's own
 * read and re-parse the file on every render).
 */
final class Tags {

    private Tags() {
    }

    /** {@code {% with a = x, b = y %}...{% endwith %}}: the names are bound in a scope of their own. */
    static final class WithTag implements Tag {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, List<Assignments.Assignment>> parsed = new ConcurrentHashMap<>();

        @Override
        public String getName() {
            return "with";
        }

        @Override
        public String getEndTagName() {
            return "endwith";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            DuoInterpreter.stepCurrent();
            // Helpers were validated at load; the split is cached so rendering does no re-reading.
            List<Assignments.Assignment> assignments = parsed.computeIfAbsent(tagNode.getHelpers(), Assignments::parse);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Assignments.Assignment a : assignments) {
                // Jinja2 evaluates every right-hand side in the enclosing scope.
                values.put(a.name(), interpreter.resolveELExpression(a.expression(), tagNode.getLineNumber(),
                        tagNode.getStartPosition()));
            }
            interpreter.enterScope();
            try {
                // A null (None) or undefined value shadows an outer name too, as Jinja2 binds it.
                values.forEach((k, v) -> interpreter.getContext().put(k, PyValues.bind(v)));
                StringBuilder out = new StringBuilder();
                for (Node child : tagNode.getChildren()) {
                    out.append(child.render(interpreter).getValue());
                }
                return out.toString();
            } finally {
                interpreter.leaveScope();
            }
        }
    }

    /** {@code if} / {@code elif} with Python's truth values (Jinjava also counts the string "false" as false). */
    static final class IfTag extends com.hubspot.jinjava.lib.tag.IfTag {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isPositiveIfElseNode(TagNode tagNode, JinjavaInterpreter interpreter) {
            DuoInterpreter.stepCurrent();
            return truth(tagNode, interpreter);
        }

        private static boolean truth(TagNode tagNode, JinjavaInterpreter interpreter) {
            return PyValues.truth(interpreter.resolveELExpression(tagNode.getHelpers(), tagNode.getLineNumber(),
                    tagNode.getStartPosition()));
        }
    }

    /** {@code for}, each loop (and so each pass of an enclosing loop's body) counted against the budget. */
    static final class ForTag extends com.hubspot.jinjava.lib.tag.ForTag {
        private static final long serialVersionUID = 1L;

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            DuoInterpreter.stepCurrent();
            return super.interpret(tagNode, interpreter);
        }
    }

    /** {@code {% include 'a/b.jinja' %}} rendered from the pre-parsed template, in the current scope. */
    static final class IncludeTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "include";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            DuoInterpreter.stepCurrent();
            return interpreter.render(preloaded(tagNode, interpreter), false);
        }
    }

    /** {@code {% extends 'a/b.jinja' %}} with the parent template parsed at load. */
    static final class ExtendsTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "extends";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            interpreter.addExtendParentRoot(preloaded(tagNode, interpreter));
            return "";
        }
    }

    /** Literal include paths by tag helpers, so rendering does not re-read them. */
    private static final Map<String, java.util.Optional<String>> LITERALS = new ConcurrentHashMap<>();

    private static Node preloaded(TagNode tagNode, JinjavaInterpreter interpreter) {
        String helpers = tagNode.getHelpers();
        return preloaded(tagNode, LITERALS.computeIfAbsent(helpers,
                h -> java.util.Optional.ofNullable(Assignments.literalPath(h))).orElse(null), interpreter);
    }

    /** The pre-parsed template an include names: {@code literal}, else the path its expression computes. */
    static Node preloaded(TagNode tagNode, String literal, JinjavaInterpreter interpreter) {
        String path = literal != null ? literal : String.valueOf(interpreter.resolveELExpression(tagNode.getHelpers(),
                tagNode.getLineNumber(), tagNode.getStartPosition()));
        Node node = interpreter instanceof DuoInterpreter duo ? duo.include(path) : null;
        if (node == null) {
            // Unreachable for a prompt that passed the load-time checks.
            throw new InterpretException("template '" + path + "' was not loaded with the prompt",
                    tagNode.getLineNumber(), tagNode.getStartPosition());
        }
        return node;
    }
}
