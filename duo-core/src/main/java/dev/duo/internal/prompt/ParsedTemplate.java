package dev.duo.internal.prompt;

import com.hubspot.jinjava.tree.Node;
import java.util.List;
import java.util.Set;

/**
 * One template file or role template, parsed once at load: by the fast parser when it fits the
 * subset ({@link #fast()} is then set, and Jinjava's tree is made only if a render ever needs it),
 * else by Jinjava (and checked by {@link TemplateAnalyzer}) exactly as before. Either way it says
 * what the template uses, binds and includes, as the analyzer finds it. Immutable once built
 * (Jinjava's tree of a fast template is made at most once, on first need). Thread-safe.
 */
final class ParsedTemplate {

    final String label;
    private final String source;
    private final FastTemplate fast;
    private final Templates templates;
    private volatile Node node;
    final Set<String> used;
    final Set<String> bound;
    final Set<String> loopTargets;
    final List<FastTemplate.Include> references;
    final boolean dynamicIncludes;

    /** A template of the subset. */
    ParsedTemplate(String label, String source, FastTemplate fast, Templates templates) {
        this.label = label;
        this.source = source;
        this.fast = fast;
        this.templates = templates;
        this.used = fast.used;
        this.bound = fast.bound;
        this.loopTargets = fast.loopTargets;
        this.references = fast.references;
        this.dynamicIncludes = false;
    }

    /** A template parsed by Jinjava, and what the analyzer found in it. */
    ParsedTemplate(String label, String source, Node node, Set<String> used, Set<String> bound,
            Set<String> loopTargets, List<FastTemplate.Include> references, boolean dynamicIncludes) {
        this.label = label;
        this.source = source;
        this.fast = null;
        this.templates = null;
        this.node = node;
        this.used = Set.copyOf(used);
        this.bound = Set.copyOf(bound);
        this.loopTargets = Set.copyOf(loopTargets);
        this.references = List.copyOf(references);
        this.dynamicIncludes = dynamicIncludes;
    }

    /** The fast path's compiled template, or null when the template renders through Jinjava only. */
    FastTemplate fast() {
        return fast;
    }

    /** Jinjava's tree (for a fast template, parsed now on the first call: a render that bailed). */
    Node node() {
        return tree(true);
    }

    /** Makes Jinjava's tree at load, for a prompt that Jinjava renders (a fast template it includes, say). */
    void treeAtLoad() {
        tree(false);
    }

    private Node tree(boolean late) {
        Node n = node;
        if (n == null) {
            synchronized (this) {
                n = node;
                if (n == null) {
                    node = n = late ? templates.lateParse(label, source) : templates.jinjava().parse(label, source);
                }
            }
        }
        return n;
    }
}
