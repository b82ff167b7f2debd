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
 * Jinjava set up as the gateway's sandboxed Jinja2 environment: no HTML escaping, unknown variables
 * fail, method calls refused, the gateway's filters, a {@code with} tag, and includes served from
 * templates parsed at load. Parsing happens here and only at load; {@link #parses()} counts it.
 * Thread-safe: each render gets its own interpreter and context.
 */
final class TemplateEngine {

    private final AtomicLong parses = new AtomicLong();
    private final AtomicLong resourceReads = new AtomicLong();
    private final JinjavaConfig config;
    private final Jinjava jinjava;

    TemplateEngine() {
        config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withElResolver(new SandboxResolver())
                .withNestedInterpretationEnabled(false)
                .withMaxOutputSize(10_000_000)
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
        global.registerTag(new Tags.IncludeTag());
        global.registerTag(new Tags.ExtendsTag());
        global.registerFilter(new Filters.Split());
        global.registerFilter(new Filters.ParseJson());
        global.registerFilter(new Filters.ToJson());
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
     */
    Node parse(String file, String source) {
        DuoInterpreter interpreter = interpreter(Map.of(), Map.of());
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Node root = interpreter.parse(source);
            for (TemplateError e : interpreter.getErrors()) {
                throw new TemplateException(file, e.getLineno(), e.getStartPosition(),
                        "template syntax error: " + e.getMessage());
            }
            return root;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /**
     * Renders a parsed template with {@code bindings}; {@code includes} maps each template path the
     * prompt uses to its parsed tree.
     *
     * @throws TemplateException naming {@code file}, the line and column where rendering failed
     */
    String render(String file, Node root, Map<String, Node> includes, Map<String, Object> bindings) {
        DuoInterpreter interpreter = interpreter(includes, bindings);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String out = interpreter.render(root);
            List<TemplateError> errors = interpreter.getErrors();
            for (TemplateError e : errors) {
                if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                    throw new TemplateException(file, e.getLineno(), e.getStartPosition(), e.getMessage());
                }
            }
            return out;
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException(file, interpreter.getLineNumber(), interpreter.getPosition(),
                    String.valueOf(e.getMessage()));
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private DuoInterpreter interpreter(Map<String, Node> includes, Map<String, Object> bindings) {
        Context context = new Context(jinjava.getGlobalContext(), bindings, config.getDisabled());
        return new DuoInterpreter(jinjava, context, config, includes, parses);
    }
}
