package dev.duo.internal.prompt;

import com.hubspot.jinjava.tree.Node;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.spi.RequestMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one definition file into a {@link CompiledPrompt}: reads the YAML, parses each role's
 * template and every template it includes (once; fragments shared by many prompts are parsed
 * once per registry), checks the sandbox rules and finds the variables the prompt needs.
 */
final class PromptCompiler {

    /** A parsed template file and what it uses, shared between the prompts that include it. */
    private record Parsed(Node root, TemplateAnalyzer analysis) {
    }

    private final TemplateEngine engine;
    private final List<PromptRoot> rootsByPriority;
    private final Map<String, Parsed> fragments = new HashMap<>();

    /**
     * @param engine the engine to parse with
     * @param rootsByPriority every root, highest priority first (the last user directory ... bundled)
     */
    PromptCompiler(TemplateEngine engine, List<PromptRoot> rootsByPriority) {
        this.engine = engine;
        this.rootsByPriority = List.copyOf(rootsByPriority);
    }

    /**
     * Compiles {@code path} of {@code root}, whose id, family and version come from the path.
     *
     * @throws TemplateException for the first problem found
     */
    CompiledPrompt compile(PromptRoot root, String path, String id, String family, String version) {
        String file = root.label(path);
        String text;
        try {
            text = root.read(path);
        } catch (IOException e) {
            throw new TemplateException(file, 0, 0, "cannot read: " + e.getMessage());
        }
        if (text == null) {
            throw new TemplateException(file, 0, 0, "file not found");
        }
        PromptYaml y = DefinitionReader.read(file, text);
        if (y.unitPrimitive() != null && y.unitPrimitives() != null) {
            throw new TemplateException(file, 0, 0, "use unit_primitive or unit_primitives, not both");
        }
        PromptYaml.Templates t = y.promptTemplate();
        if (t == null) {
            throw new TemplateException(file, 0, 0, "prompt_template is missing: give at least a user template");
        }
        RequestMode mode;
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (t.prompt() != null) {
            if (t.system() != null || t.user() != null || t.assistant() != null) {
                throw new TemplateException(file, 0, 0, "prompt_template.prompt (a raw text prompt) must be the "
                        + "only template; remove system, user and assistant or remove prompt");
            }
            mode = RequestMode.TEXT;
            roles.put("prompt", Role.USER);
            sources.put("prompt", t.prompt());
        } else {
            if (t.system() == null && t.user() == null) {
                throw new TemplateException(file, 0, 0, "prompt_template needs a system or user template");
            }
            mode = RequestMode.CHAT;
            putIf(roles, sources, "system", Role.SYSTEM, t.system());
            putIf(roles, sources, "user", Role.USER, t.user());
            putIf(roles, sources, "assistant", Role.ASSISTANT, t.assistant());
        }
        ModelParams params = DefinitionReader.params(file, y);
        Map<String, DefinitionReader.Position> positions = DefinitionReader.templatePositions(text);

        List<CompiledPrompt.RoleTemplate> templates = new ArrayList<>();
        Map<String, Node> includes = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        Set<String> bound = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String roleLabel = file + "#" + e.getKey();
            try {
                Node node = engine.parse(roleLabel, stripTrailingNewline(e.getValue()));
                TemplateAnalyzer a = TemplateAnalyzer.analyze(roleLabel, node);
                used.addAll(a.used);
                bound.addAll(a.bound);
                resolve(a, root, roleLabel, new ArrayDeque<>(), includes, used, bound);
                templates.add(new CompiledPrompt.RoleTemplate(roles.get(e.getKey()), roleLabel, node));
            } catch (TemplateException ex) {
                if (!ex.file().equals(roleLabel)) {
                    throw ex;
                }
                // Point at the line of the YAML file, not of the template text.
                DefinitionReader.Position pos = positions.get(e.getKey());
                int line = pos == null ? 0 : pos.fileLine(ex.line());
                int column = pos == null ? 0 : pos.fileColumn(ex.line(), ex.column());
                throw new TemplateException(file, line, column,
                        ex.reason() + " (in prompt_template." + e.getKey() + ")");
            }
        }
        Set<String> variables = new LinkedHashSet<>(used);
        variables.removeAll(bound);
        String source = root.bundled() ? "bundled" : file;
        return new CompiledPrompt(id, family, version, source, file, params, templates, includes, variables, mode,
                engine);
    }

    private void resolve(TemplateAnalyzer a, PromptRoot from, String fromLabel, Deque<String> stack,
            Map<String, Node> includes, Set<String> used, Set<String> bound) {
        for (TemplateAnalyzer.Reference ref : a.references) {
            if (stack.contains(ref.path())) {
                List<String> cycle = new ArrayList<>(stack);
                java.util.Collections.reverse(cycle);
                cycle.add(ref.path());
                throw new TemplateException(fromLabel, ref.line(), ref.column(),
                        "include cycle: " + String.join(" -> ", cycle));
            }
            if (includes.containsKey(ref.path())) {
                continue;
            }
            PromptRoot found = null;
            String text = null;
            List<String> looked = new ArrayList<>();
            for (PromptRoot r : searchOrder(from)) {
                looked.add(r.name());
                try {
                    text = r.read(ref.path());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (text != null) {
                    found = r;
                    break;
                }
            }
            if (found == null) {
                throw new TemplateException(fromLabel, ref.line(), ref.column(), "included template '" + ref.path()
                        + "' not found (paths are relative to the prompt root; looked in " + String.join(", ", looked)
                        + ")");
            }
            String label = found.label(ref.path());
            String key = found.name() + "|" + ref.path();
            Parsed parsed = fragments.get(key);
            if (parsed == null) {
                Node node = engine.parse(label, stripTrailingNewline(text));
                parsed = new Parsed(node, TemplateAnalyzer.analyze(label, node));
                fragments.put(key, parsed);
            }
            includes.put(ref.path(), parsed.root());
            used.addAll(parsed.analysis().used);
            bound.addAll(parsed.analysis().bound);
            stack.push(ref.path());
            resolve(parsed.analysis(), found, label, stack, includes, used, bound);
            stack.pop();
        }
    }

    /** The including file's own root first, then every other root by priority. */
    private List<PromptRoot> searchOrder(PromptRoot from) {
        List<PromptRoot> order = new ArrayList<>();
        order.add(from);
        for (PromptRoot r : rootsByPriority) {
            if (r != from) {
                order.add(r);
            }
        }
        return order;
    }

    private static void putIf(Map<String, Role> roles, Map<String, String> sources, String key, Role role,
            String text) {
        if (text != null) {
            roles.put(key, role);
            sources.put(key, text);
        }
    }

    /** Jinja2 drops one trailing newline of every template source (keep_trailing_newline=False). */
    static String stripTrailingNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
