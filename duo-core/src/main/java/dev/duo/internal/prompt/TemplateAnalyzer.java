package dev.duo.internal.prompt;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.PowerOfOperator;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.tree.IdentifierNode;
import jinjava.de.odysseus.el.tree.Tree;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstMethod;
import jinjava.de.odysseus.el.tree.impl.ast.AstProperty;

/**
 * Reads a parsed template once, at load: which variables it uses and binds, which templates it
 * includes or extends, and whether it stays inside the sandbox (no method calls, no {@code *} or
 * {@code **}, only the tags prompts need). Expressions are parsed with Jinjava's own EL parser,
 * so what is analysed is what will run.
 */
final class TemplateAnalyzer {

    /** Tags a prompt template may use; {@code import}/{@code from} would read files at render. */
    private static final Set<String> TAGS = Set.of("if", "elif", "else", "for", "set", "with", "include",
            "extends", "block", "raw", "macro", "call", "print", "do");

    /** Names that are never inputs: loop state and literals Jinja spells as names. */
    private static final Set<String> BUILTINS = Set.of("loop", "true", "false", "none", "True", "False", "None",
            "caller", "varargs", "kwargs", "super");

    /** A keyword argument's name, such as {@code indent} in {@code tojson(indent=2)}: not a variable. */
    private static final Pattern KEYWORD_ARGUMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)");

    private final String file;
    final Set<String> used = new LinkedHashSet<>();
    final Set<String> bound = new LinkedHashSet<>();
    /** Names bound by {@code for}: never inputs (a with or set name still is, as the gateway collects it). */
    final Set<String> loopTargets = new LinkedHashSet<>();
    final List<Reference> references = new ArrayList<>();
    boolean dynamicIncludes;

    /** A template this one includes or extends, and where. */
    record Reference(String path, int line, int column) {
    }

    private TemplateAnalyzer(String file) {
        this.file = file;
    }

    /**
     * Analyses {@code root}.
     *
     * @throws TemplateException at the offending tag or expression
     */
    static TemplateAnalyzer analyze(String file, Node root) {
        TemplateAnalyzer a = new TemplateAnalyzer(file);
        a.walk(root);
        return a;
    }

    private void walk(Node node) {
        if (node instanceof ExpressionNode && node.getMaster() instanceof ExpressionToken t) {
            expression(t.getExpr(), node);
        } else if (node instanceof TagNode tag) {
            tag(tag);
            if ("raw".equals(tag.getName())) {
                return;
            }
        }
        for (Node child : node.getChildren()) {
            walk(child);
        }
    }

    private void tag(TagNode tag) {
        String name = tag.getName();
        String helpers = tag.getHelpers() == null ? "" : tag.getHelpers().trim();
        if (!TAGS.contains(name)) {
            throw error(tag, "tag '" + name + "' is not allowed in prompt templates; use one of "
                    + String.join(", ", new java.util.TreeSet<>(TAGS)));
        }
        try {
            switch (name) {
                case "if", "elif", "print", "do", "call" -> expression(helpers, tag);
                case "for" -> {
                    int in = helpers.indexOf(" in ");
                    if (in < 0) {
                        throw error(tag, "expected 'for name in expression'");
                    }
                    for (String target : helpers.substring(0, in).split(",")) {
                        bound.add(target.trim());
                        loopTargets.add(target.trim());
                    }
                    expression(helpers.substring(in + 4), tag);
                }
                case "set" -> set(tag, helpers);
                case "with" -> {
                    for (Assignments.Assignment a : Assignments.parse(helpers)) {
                        bound.add(a.name());
                        expression(a.expression(), tag);
                    }
                }
                case "include" -> {
                    String path = Assignments.literalPath(helpers);
                    if (path != null) {
                        references.add(new Reference(path, tag.getLineNumber(), tag.getStartPosition()));
                    } else {
                        // A computed path (the gateway's chat partials build one): any loaded fragment may be
                        // picked at render, so the expression is checked here and the fragments preloaded.
                        dynamicIncludes = true;
                        expression(helpers, tag);
                    }
                }
                case "extends" -> references.add(
                        new Reference(Assignments.quotedPath(helpers), tag.getLineNumber(), tag.getStartPosition()));
                case "macro" -> macro(helpers);
                default -> {
                    // else, block, raw: nothing to read in the helpers.
                }
            }
        } catch (IllegalArgumentException e) {
            throw error(tag, e.getMessage());
        }
    }

    private void set(TagNode tag, String helpers) {
        List<String> sides = Assignments.splitTopLevel(helpers, '=');
        if (sides.size() == 1) {
            bound.add(helpers.trim());
            return;
        }
        int eq = helpers.indexOf('=');
        for (String target : helpers.substring(0, eq).split(",")) {
            String t = target.trim();
            int dot = t.indexOf('.');
            bound.add(dot < 0 ? t : t.substring(0, dot));
        }
        expression(helpers.substring(eq + 1), tag);
    }

    private void macro(String helpers) {
        int open = helpers.indexOf('(');
        bound.add((open < 0 ? helpers : helpers.substring(0, open)).trim());
        if (open >= 0 && helpers.endsWith(")")) {
            for (String p : Assignments.splitTopLevel(helpers.substring(open + 1, helpers.length() - 1), ',')) {
                int eq = p.indexOf('=');
                bound.add((eq < 0 ? p : p.substring(0, eq)).trim());
            }
        }
    }

    private void expression(String expr, Node at) {
        Tree tree;
        try {
            tree = new ExtendedSyntaxBuilder(Builder.Feature.METHOD_INVOCATIONS).build("#{" + expr + "}");
        } catch (RuntimeException e) {
            throw error(at, "syntax error in '" + expr.trim() + "': " + e.getMessage());
        }
        String code = withoutStrings(expr);
        if (code.indexOf('*') >= 0) {
            // Checked on the text: list, dict and keyword-argument nodes hide their children from a tree walk.
            throw error(at, "the '*' and '**' operators are not allowed in prompt templates (sandbox): '"
                    + expr.trim() + "'");
        }
        Set<String> keywords = new java.util.HashSet<>();
        Matcher m = KEYWORD_ARGUMENT.matcher(code);
        while (m.find()) {
            keywords.add(m.group(1));
        }
        for (IdentifierNode id : tree.getIdentifierNodes()) {
            String n = id.getName();
            if (!n.contains(":") && !n.startsWith("____") && !BUILTINS.contains(n) && !keywords.contains(n)) {
                used.add(n);
            }
        }
        sandbox(tree.getRoot(), expr, at);
    }

    /** {@code expr} with the contents of its string literals blanked out. */
    static String withoutStrings(String expr) {
        StringBuilder sb = new StringBuilder(expr.length());
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    sb.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private void sandbox(jinjava.de.odysseus.el.tree.Node n, String expr, Node at) {
        if (n instanceof AstBinary b && (b.getOperator() == AstBinary.MUL || b.getOperator() == PowerOfOperator.OP)) {
            throw error(at, "the '*' and '**' operators are not allowed in prompt templates (sandbox): '"
                    + expr.trim() + "'");
        }
        if (n instanceof jinjava.de.odysseus.el.tree.impl.ast.AstFunction f) {
            throw error(at, "calls are not allowed in prompt templates (sandbox, as the gateway's): '" + expr.trim()
                    + "' calls " + f.getName().replaceFirst("^[a-z]*:", "") + "()");
        }
        if (n instanceof AstMethod m && !isFilterOrTest(m)) {
            throw error(at, "method calls are not allowed in prompt templates (sandbox): '" + expr.trim()
                    + "'; use a filter instead");
        }
        for (int i = 0; i < n.getCardinality(); i++) {
            jinjava.de.odysseus.el.tree.Node child = n.getChild(i);
            if (child != null) {
                sandbox(child, expr, at);
            }
        }
    }

    /** Jinjava compiles {@code x | f} to {@code filter:f.filter(x, ...)}: a call we allow. */
    private static boolean isFilterOrTest(AstMethod m) {
        if (m.getChild(0) instanceof AstProperty p && p.getChild(0) instanceof AstIdentifier id) {
            return id.getName().startsWith("filter:") || id.getName().startsWith("exptest:");
        }
        return false;
    }

    private TemplateException error(Node at, String reason) {
        return new TemplateException(file, at.getLineNumber(), at.getStartPosition(), reason);
    }
}
