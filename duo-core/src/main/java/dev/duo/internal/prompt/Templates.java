package dev.duo.internal.prompt;

import com.hubspot.jinjava.tree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry's templates: each is parsed by the fast parser when it fits the subset, else by
 * Jinjava, which is started only then. A registry whose prompts all fit never starts Jinjava (and
 * so never loads it, nor Jackson's databind through it): {@link #jinjavaStarted()} says whether it
 * did. Thread-safe.
 *
 * <pre>{@code
 * Templates templates = new Templates();
 * ParsedTemplate t = templates.parse("a/b.jinja", "Hello {{ name }}");
 * assert t.fast() != null && !templates.jinjavaStarted();
 * }</pre>
 */
final class Templates {

    private final AtomicLong fastParses = new AtomicLong();
    private final AtomicLong lateParses = new AtomicLong();
    private volatile TemplateEngine jinjava;

    /**
     * Parses {@code source} once.
     *
     * @throws TemplateException naming {@code label} for what Jinjava's parser or the analyzer find
     *     wrong (the fast parser never throws: it refuses, and Jinjava reports)
     */
    ParsedTemplate parse(String label, String source) {
        Nesting.check(label, source, RenderBudget.MAX_NESTING);
        FastTemplate fast = FastTemplate.parse(Comments.rewrite(source));
        if (fast != null) {
            fastParses.incrementAndGet();
            return new ParsedTemplate(label, source, fast, this);
        }
        Node node = jinjava().parse(label, source);
        TemplateAnalyzer a = TemplateAnalyzer.analyze(label, node);
        List<FastTemplate.Include> refs = new ArrayList<>(a.references.size());
        for (TemplateAnalyzer.Reference r : a.references) {
            refs.add(new FastTemplate.Include(r.path(), r.line(), r.column()));
        }
        return new ParsedTemplate(label, source, node, a.used, a.bound, a.loopTargets, refs, a.dynamicIncludes);
    }

    /** Jinjava's tree of a template the fast parser took, for a render that bailed (see {@link ParsedTemplate#node}). */
    Node lateParse(String label, String source) {
        lateParses.incrementAndGet();
        return jinjava().parse(label, source);
    }

    /** Jinjava, started on first need. */
    TemplateEngine jinjava() {
        TemplateEngine e = jinjava;
        if (e == null) {
            synchronized (this) {
                e = jinjava;
                if (e == null) {
                    jinjava = e = new TemplateEngine();
                }
            }
        }
        return e;
    }

    /** Whether Jinjava was started (some template needed it). */
    boolean jinjavaStarted() {
        return jinjava != null;
    }

    /** How many templates were parsed from source at load, by either parser. */
    long parses() {
        TemplateEngine e = jinjava;
        return fastParses.get() + (e == null ? 0 : e.parses() - lateParses.get());
    }

    /** How many fast templates Jinjava parsed later, because a render of theirs bailed (0 when all is well). */
    long lateParses() {
        return lateParses.get();
    }

    /** How many times Jinjava tried to read a template file (never, when all is well). */
    long resourceReads() {
        TemplateEngine e = jinjava;
        return e == null ? 0 : e.resourceReads();
    }
}
