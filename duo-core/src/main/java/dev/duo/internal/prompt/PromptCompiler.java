package dev.duo.internal.prompt;

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

    /** The chat roles of {@code prompt_template} and the message role each renders as. */
    private static final Map<String, Role> ROLES = Map.of("system", Role.SYSTEM, "system_static", Role.SYSTEM,
            "system_dynamic", Role.SYSTEM, "user", Role.USER, "assistant", Role.ASSISTANT);
    /** The key a placeholder is kept under (its value is the input's name, not a template). */
    private static final String PLACEHOLDER_KEY = " placeholder";

    private final Templates engine;
    private final List<PromptRoot> rootsByPriority;
    private final Map<String, ParsedTemplate> fragments = new HashMap<>();
    private final List<TemplateException> fragmentProblems = new ArrayList<>();
    /** Every fragment of every root by path, built the first time a prompt computes an include path. */
    private Map<String, ParsedTemplate> allFragments;

    /**
     * @param engine the engine to parse with
     * @param rootsByPriority every root, highest priority first (the last user directory ... bundled)
     */
    PromptCompiler(Templates engine, List<PromptRoot> rootsByPriority) {
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
        Map<String, Object> t = y.promptTemplate();
        if (t == null) {
            throw new TemplateException(file, 0, 0, "prompt_template is missing: give at least a user template");
        }
        Map<String, DefinitionReader.Position> positions = DefinitionReader.templatePositions(text);
        RequestMode mode;
        Map<String, String> sources = new LinkedHashMap<>();
        String placeholder = null;
        for (Map.Entry<String, Object> e : t.entrySet()) {
            String part = e.getKey();
            DefinitionReader.Position pos = positions.get(part);
            int[] key = DefinitionReader.keyPosition(text, part, pos == null ? text.split("\n", -1).length : pos.line());
            int line = key == null ? 0 : key[0];
            int column = key == null ? 0 : key[1];
            if (!ROLES.containsKey(part) && !"prompt".equals(part) && !"placeholder".equals(part)) {
                throw new TemplateException(file, line, column, "unknown role '" + part + "' in prompt_template; known roles: "
                        + "assistant, placeholder, prompt, system, system_dynamic, system_static, user");
            }
            if (!(e.getValue() instanceof String value)) {
                throw new TemplateException(file, line, column, "prompt_template." + part + " must be text"
                        + (e.getValue() == null ? ", not empty" : ", not " + kind(e.getValue())));
            }
            if ("placeholder".equals(part)) {
                if (!dev.duo.internal.util.AsciiNames.isIdentifier(value.trim())) {
                    throw new TemplateException(file, line, column, "prompt_template.placeholder names a list input "
                            + "(such as history), got '" + value.trim() + "'");
                }
                placeholder = value.trim();
                sources.put(PLACEHOLDER_KEY, placeholder);
                continue;
            }
            sources.put(part, value);
        }
        if (sources.containsKey("prompt")) {
            if (sources.size() > 1) {
                throw new TemplateException(file, 0, 0, "prompt_template.prompt (a raw text prompt) must be the "
                        + "only template; remove system, user and assistant or remove prompt");
            }
            mode = RequestMode.TEXT;
        } else {
            boolean systemOrUser = false;
            for (String k : sources.keySet()) {
                systemOrUser |= k.startsWith("system") || k.equals("user");
            }
            if (!systemOrUser) {
                throw new TemplateException(file, 0, 0, "prompt_template needs a system or user template");
            }
            if (sources.containsKey("system_static") != sources.containsKey("system_dynamic")) {
                throw new TemplateException(file, 0, 0, "prompt_template.system_static and system_dynamic come "
                        + "together (one system message in two parts, static first)");
            }
            mode = RequestMode.CHAT;
        }
        ModelParams params = DefinitionReader.params(file, y);

        List<CompiledPrompt.RoleTemplate> templates = new ArrayList<>();
        Map<String, ParsedTemplate> includes = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        Set<String> bound = new LinkedHashSet<>();
        Set<String> loopTargets = new LinkedHashSet<>();
        boolean[] dynamic = {false};
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().equals(PLACEHOLDER_KEY)) {
                templates.add(CompiledPrompt.RoleTemplate.placeholder(e.getValue()));
                continue;
            }
            String roleLabel = file + "#" + e.getKey();
            try {
                ParsedTemplate a = engine.parse(roleLabel, stripTrailingNewline(e.getValue()));
                used.addAll(a.used);
                bound.addAll(a.bound);
                loopTargets.addAll(a.loopTargets);
                dynamic[0] |= a.dynamicIncludes;
                resolve(a, root, roleLabel, new ArrayDeque<>(), includes, used, bound, loopTargets, dynamic);
                Role role = "prompt".equals(e.getKey()) ? Role.USER : ROLES.get(e.getKey());
                templates.add(new CompiledPrompt.RoleTemplate(role, e.getKey(), roleLabel, a, null));
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
        Set<String> accepted = new LinkedHashSet<>(used);
        accepted.removeAll(loopTargets);
        if (placeholder != null) {
            accepted.add(placeholder);
        }
        String source = root.bundled() ? "bundled" : file;
        return new CompiledPrompt(id, family, version, source, file, params, templates, includes,
                dynamic[0] ? allFragments() : Map.of(), variables, accepted, mode, engine);
    }

    private void resolve(ParsedTemplate a, PromptRoot from, String fromLabel, Deque<String> stack,
            Map<String, ParsedTemplate> includes, Set<String> used, Set<String> bound, Set<String> loopTargets,
            boolean[] dynamic) {
        for (FastTemplate.Include ref : a.references) {
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
            if (stack.size() >= RenderBudget.MAX_INCLUDE_DEPTH) {
                throw new TemplateException(fromLabel, ref.line(), ref.column(), "includes nested more than "
                        + RenderBudget.MAX_INCLUDE_DEPTH + " deep (at '" + ref.path() + "'); shorten the chain");
            }
            PromptRoot found = null;
            String text = null;
            List<String> looked = new ArrayList<>();
            for (PromptRoot r : searchOrder(from)) {
                looked.add(r.name());
                try {
                    text = r.read(ref.path());
                } catch (IOException e) {
                    throw new TemplateException(fromLabel, ref.line(), ref.column(), "cannot read included template: "
                            + e.getMessage());
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
            ParsedTemplate parsed = parsed(found, ref.path(), text);
            includes.put(ref.path(), parsed);
            used.addAll(parsed.used);
            bound.addAll(parsed.bound);
            loopTargets.addAll(parsed.loopTargets);
            dynamic[0] |= parsed.dynamicIncludes;
            stack.push(ref.path());
            resolve(parsed, found, label, stack, includes, used, bound, loopTargets, dynamic);
            stack.pop();
        }
    }

    /** A fragment parsed and analysed once per registry, however many prompts include it. */
    private ParsedTemplate parsed(PromptRoot root, String path, String text) {
        String key = root.name() + "|" + path;
        ParsedTemplate parsed = fragments.get(key);
        if (parsed == null) {
            parsed = engine.parse(root.label(path), stripTrailingNewline(text));
            fragments.put(key, parsed);
        }
        return parsed;
    }

    /**
     * Every {@code .jinja} fragment of every root (the highest-priority one per path), parsed now so
     * an include whose path is computed at render still parses nothing.
     */
    private Map<String, ParsedTemplate> allFragments() {
        if (allFragments == null) {
            Map<String, ParsedTemplate> all = new HashMap<>();
            for (PromptRoot r : rootsByPriority) {
                List<String> files;
                try {
                    files = r.files();
                } catch (UncheckedIOException e) {
                    continue; // reported by the catalog
                }
                for (String path : files) {
                    if (!path.endsWith(".jinja") || all.containsKey(path)) {
                        continue;
                    }
                    try {
                        all.put(path, parsed(r, path, r.read(path)));
                    } catch (TemplateException e) {
                        fragmentProblems.add(e);
                    } catch (IOException e) {
                        fragmentProblems.add(new TemplateException(r.label(path), 0, 0, "cannot read: " + e.getMessage()));
                    }
                }
            }
            allFragments = Map.copyOf(all);
        }
        return allFragments;
    }

    /** Broken fragments found while preloading every fragment for computed include paths. */
    List<TemplateException> fragmentProblems() {
        return List.copyOf(fragmentProblems);
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

    private static String kind(Object value) {
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "a mapping" : "a " + value.getClass().getSimpleName();
    }

    /** Jinja2 drops one trailing newline of every template source (keep_trailing_newline=False). */
    static String stripTrailingNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
