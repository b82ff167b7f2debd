package dev.duo.internal.prompt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.tree.Node;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jinjava set up as the gateway's sandboxed Jinja2 environment: no HTML escaping, method calls refused, the gateway's filters, a {@code with} tag, and includes served from
 * templates parsed at load. Parsing happens here and only at load; {@link #parses()} counts it.
 * Thread-safe: each render gets its own interpreter and context (from a pool, see {@link RenderSession}).
 */
final class TemplateEngine {

    private final AtomicLong parses = new AtomicLong();
    private final AtomicLong resourceReads = new AtomicLong();
    private final JinjavaConfig config;
    private final Jinjava jinjava;
    /** Plans by parsed template (nodes compare by identity), made on first render. */
    private final java.util.concurrent.ConcurrentHashMap<Node, java.util.Optional<TemplatePlan>> plans =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final RenderSession.Pool pool = new RenderSession.Pool(
            Math.min(64, Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));

    TemplateEngine() {
        // Unknown variables are strict where the gateway is: every variable a prompt uses is found at
        // load and a call missing one fails before rendering (CompiledPrompt). A missing attribute of an
        // input (tool.example) renders empty and tests false, as in the gateway's Jinja2; the gateway's
        // own templates rely on that. Jinjava's fail-on-unknown-tokens would fail on both.
        config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(false)
                .withElResolver(new SandboxResolver())
                .withNestedInterpretationEnabled(false)
                .withMaxOutputSize(RenderBudget.MAX_OUTPUT_CHARS)
                .withMaxStringLength(RenderBudget.MAX_OUTPUT_CHARS)
                .withMaxListSize(1_000_000)
                .withMaxMapSize(1_000_000)
                .withRangeLimit(10_000)
                .build();
        jinjava = new Jinjava(config);
        // Every template a prompt uses is parsed at load; a read at render would be a bug, so fail loudly.
        jinjava.setResourceLocator(new ResourceLocator() {
            @Override
            public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter)
                    throws IOException {
                resourceReads.incrementAndGet();
                throw new IOException("prompt templates may only include templates loaded with the prompt: "
                        + fullName);
            }
        });
        Context global = jinjava.getGlobalContext();
        global.registerTag(new Tags.WithTag());
        global.registerTag(new Tags.IfTag());
        global.registerTag(new Tags.ForTag());
        global.registerTag(new Tags.IncludeTag());
        global.registerTag(new Tags.ExtendsTag());
        global.registerFilter(new Filters.Split());
        global.registerFilter(new Filters.ParseJson());
        global.registerFilter(new Filters.ToJson());
        global.registerFilter(new Filters.Default("default"));
        global.registerFilter(new Filters.Default("d"));
        global.registerExpTest(new Filters.PyTest("none"));
        global.registerExpTest(new Filters.PyTest("defined"));
        global.registerExpTest(new Filters.PyTest("undefined"));
    }

    /** How many templates this engine has parsed (load only, when all is well). */
    long parses() {
        return parses.get();
    }

    /** How many times Jinjava tried to read a template file (never, when all is well). */
    long resourceReads() {
        return resourceReads.get();
    }

    /**
     * Parses {@code source} once.
     *
     * @throws TemplateException naming {@code file}, the line and column of the first syntax error
     *     (and only that: whatever Jinjava's parser throws is turned into one)
     */
    Node parse(String file, String source) {
        Nesting.check(file, source, RenderBudget.MAX_NESTING);
        DuoInterpreter interpreter = interpreter(Map.of(), Map.of(), Map.of());
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            Node root = current.value().parse(Comments.rewrite(source));
            for (TemplateError e : interpreter.getErrors()) {
                throw new TemplateException(file, e.getLineno(), e.getStartPosition(),
                        "template syntax error: " + e.getMessage());
            }
            return root;
        } catch (TemplateException e) {
            throw e;
        } catch (com.hubspot.jinjava.interpret.InterpretException e) {
            // Some malformed tags ("{%}") make Jinjava's parser throw instead of recording an error.
            throw new TemplateException(file, e.getLineNumber(), e.getStartPosition(),
                    "template syntax error: " + clean(e.getMessage()));
        } catch (RuntimeException e) {
            throw new TemplateException(file, interpreter.getLineNumber(), interpreter.getPosition(),
                    "template syntax error: " + clean(String.valueOf(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new TemplateException(file, 0, 0, "the template is nested too deeply to parse (at most "
                    + RenderBudget.MAX_NESTING + " levels of tags or brackets)");
        }
    }

    /**
     * Renders a parsed template with {@code bindings}; {@code includes} maps each template path the
     * prompt uses to its parsed tree.
     *
     * @throws TemplateException naming {@code file}, the line and column where rendering failed
     */
    String render(String file, Node root, Map<String, Node> includes, Map<String, Object> bindings) {
        return render(file, root, includes, Map.of(), bindings);
    }

    /** As above, with {@code fragments}: every loaded fragment, for includes whose path is computed. */
    String render(String file, Node root, Map<String, Node> includes, Map<String, Node> fragments,
            Map<String, Object> bindings) {
        return render(file, root, includes, fragments, bindings, Long.MAX_VALUE);
    }

    /**
     * As above, within a time budget: the render stops with a {@link TemplateException} (naming the file)
     * when it runs out of time, steps or output size.
     */
    String render(String file, Node root, Map<String, Node> includes, Map<String, Node> fragments,
            Map<String, Object> bindings, long timeoutNanos) {
        try (RenderSession session = session(bindings, includes, fragments)) {
            return session.render(file, root, timeoutNanos, false, planned(List.of(root), includes, fragments));
        }
    }

    /**
     * Whether templates can render through plans: they and everything they may include have one. A
     * template that extends another has none, and its output is assembled after Jinjava's walk even
     * when it is included: then the whole render is Jinjava's, as it always was.
     */
    boolean planned(List<Node> roots, Map<String, Node> includes, Map<String, Node> fragments) {
        for (Node n : roots) {
            if (plan(n) == null) {
                return false;
            }
        }
        for (Node n : includes.values()) {
            if (plan(n) == null) {
                return false;
            }
        }
        for (Node n : fragments.values()) {
            if (plan(n) == null) {
                return false;
            }
        }
        return true;
    }

    /** A session rendering one call's messages with these inputs and templates (see {@link RenderSession}). */
    RenderSession session(Map<String, Object> bindings, Map<String, Node> includes, Map<String, Node> fragments) {
        DuoInterpreter interpreter = pool.take();
        if (interpreter == null) {
            interpreter = interpreter(includes, fragments, bindings);
        } else {
            interpreter.templates(includes, fragments);
            ((DuoContext) interpreter.getContext()).rebind(bindings);
        }
        return new RenderSession(pool, interpreter);
    }

    /** The plan of a parsed template, made on its first render; null when it renders the old way. */
    TemplatePlan plan(Node root) {
        java.util.Optional<TemplatePlan> p = plans.get(root);
        if (p == null) {
            p = java.util.Optional.ofNullable(TemplatePlan.of(root));
            plans.putIfAbsent(root, p);
        }
        return p.orElse(null);
    }

    /** Jinjava's messages carry exception class names and nested causes; keep the first sentence. */
    static String clean(String message) {
        if (message == null) {
            return "rendering failed";
        }
        String m = message;
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.replaceAll("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "");
        // Jinjava wraps what the sandbox throws: keep the sandbox's own sentence, which names the fix.
        m = m.replaceFirst("^(InterpretException: )?Error resolving expression \\[[^\\]]*\\]: (SecurityException: )",
                "");
        return m.trim();
    }

    private DuoInterpreter interpreter(Map<String, Node> includes, Map<String, Node> fragments,
            Map<String, Object> bindings) {
        Context context = new DuoContext(jinjava.getGlobalContext(), bindings, config.getDisabled());
        return new DuoInterpreter(jinjava, context, config, includes, fragments, parses, this);
    }
}
