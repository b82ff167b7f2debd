package dev.duo.internal.prompt;

import com.hubspot.jinjava.tree.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt's messages rendered through Jinjava, as before the fast path: for a prompt with a
 * template outside the subset (every message), and for a message whose fast render bailed. One
 * session for the call's messages; close it after the last. Kept apart from {@link CompiledPrompt}
 * so that a prompt on the fast path never loads Jinjava's classes. Not thread-safe: one call.
 */
final class JinjavaRender implements AutoCloseable {

    /** What Jinjava needs of a prompt, found on its first Jinjava render and kept with it. */
    static final class Trees {
        final Map<String, Node> includes;
        final Map<String, Node> fragments;
        final boolean planned;
        final boolean rendersApart;

        Trees(CompiledPrompt p) {
            TemplateEngine engine = p.templates().jinjava();
            this.includes = trees(p.includes());
            this.fragments = trees(p.fragments());
            List<Node> roots = p.roots();
            this.planned = engine.planned(roots, Map.of(), fragments);
            // Whether a message could leave a name behind for the next one (set, a computed include, a
            // template rendered the old way): then each renders in a scope of its own, as Jinja2 renders
            // each role apart.
            boolean writes = !fragments.isEmpty();
            for (Node n : roots) {
                TemplatePlan plan = engine.plan(n);
                writes |= plan == null || plan.writes;
            }
            this.rendersApart = p.templateCount() > 1 && writes;
        }

        private static Map<String, Node> trees(Map<String, ParsedTemplate> templates) {
            if (templates.isEmpty()) {
                return Map.of();
            }
            Map<String, Node> out = new HashMap<>();
            templates.forEach((path, t) -> out.put(path, t.node()));
            return Map.copyOf(out);
        }
    }

    private final CompiledPrompt prompt;
    private final CallBindings bindings;
    private RenderSession session;
    private Trees trees;

    JinjavaRender(CompiledPrompt prompt, CallBindings bindings) {
        this.prompt = prompt;
        this.bindings = bindings;
    }

    private static Trees trees(CompiledPrompt p) {
        Object t = p.jinjavaTrees();
        if (t == null) {
            t = new Trees(p);
            p.jinjavaTrees(t);
        }
        return (Trees) t;
    }

    /**
     * Renders one role template within {@code timeoutNanos}.
     *
     * @throws TemplateException as {@link RenderSession#render} does
     */
    String render(CompiledPrompt.RoleTemplate t, long timeoutNanos) {
        if (session == null) {
            trees = trees(prompt);
            session = prompt.templates().jinjava().session(bindings.map(), trees.includes, trees.fragments);
        }
        return session.render(t.label(), t.template().node(), timeoutNanos, trees.rendersApart, trees.planned);
    }

    /** Whether a template renders the same whatever the inputs, by its Jinjava plan. */
    static boolean constant(CompiledPrompt p, ParsedTemplate template) {
        TemplateEngine engine = p.templates().jinjava();
        TemplatePlan plan = engine.plan(template.node());
        Map<String, Node> includes = trees(p).includes;
        Map<String, Node> fragments = trees(p).fragments;
        return plan != null && plan.constant(path -> includes.containsKey(path) ? includes.get(path) : fragments.get(path),
                engine::plan);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
