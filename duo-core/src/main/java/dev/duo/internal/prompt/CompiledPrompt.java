package dev.duo.internal.prompt;

import com.hubspot.jinjava.tree.Node;
import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import dev.duo.internal.util.Suggestions;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import dev.duo.spi.RequestMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One prompt definition, parsed and analysed at load: rendering only binds inputs and walks the
 * parsed trees. Immutable and safe to render from many threads.
 */
final class CompiledPrompt implements PromptTemplate {

    /**
     * One entry of {@code prompt_template}: a role's parsed template (such as the system message),
     * or a placeholder naming the list input expanded there into messages.
     *
     * @param part the entry's key ({@code system}, {@code system_static}, {@code user} ...)
     * @param placeholder the list input's name for a placeholder, else null
     */
    record RoleTemplate(Role role, String part, String label, ParsedTemplate template, String placeholder) {

        static RoleTemplate placeholder(String input) {
            return new RoleTemplate(null, "placeholder", "placeholder", null, input);
        }
    }

    private final String id;
    private final String family;
    private final String version;
    private final String source;
    private final String file;
    private final ModelParams params;
    private final List<RoleTemplate> templates;
    private final Map<String, ParsedTemplate> includes;
    private final Map<String, ParsedTemplate> fragments;
    /** Each template's part, when the prompt has no placeholder (one message per template); else null. */
    private final List<String> plainParts;
    /** Whether every template of the prompt is on the fast path (else the whole prompt is Jinjava's, as before). */
    private final boolean fast;
    private final Set<String> variables;
    /** {@link #variables} as an array, checked on every call without an iterator. */
    private final String[] variableNames;
    private final Set<String> accepted;
    private final RequestMode mode;
    private final Templates engine;

    CompiledPrompt(String id, String family, String version, String source, String file, ModelParams params,
            List<RoleTemplate> templates, Map<String, ParsedTemplate> includes, Map<String, ParsedTemplate> fragments,
            Set<String> variables, Set<String> accepted, RequestMode mode, Templates engine) {
        this.id = id;
        this.family = family;
        this.version = version;
        this.source = source;
        this.file = file;
        this.params = params;
        this.templates = List.copyOf(templates);
        this.constantTexts = new String[templates.size()];
        this.varying = new boolean[templates.size()];
        this.systemTexts = new SystemTexts(templates.size());
        this.includes = Map.copyOf(includes);
        this.fragments = fragments;
        this.variables = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(variables));
        this.variableNames = this.variables.toArray(new String[0]);
        TreeSet<String> all = new TreeSet<>(accepted);
        all.addAll(variables);
        this.accepted = java.util.Collections.unmodifiableSortedSet(all);
        this.mode = mode;
        this.engine = engine;
        // Plain loops, not streams and lambdas: a prompt is compiled on its first use, often at start-up,
        // where each lambda costs a class spun at run time (README, Performance).
        List<String> parts = new ArrayList<>(this.templates.size());
        boolean allFast = fragments.isEmpty();
        for (RoleTemplate t : this.templates) {
            if (parts != null && t.placeholder() != null) {
                parts = null;
            } else if (parts != null) {
                parts.add(t.part());
            }
            allFast &= t.template() == null || t.template().fast() != null;
        }
        for (ParsedTemplate t : this.includes.values()) {
            allFast &= t.fast() != null;
        }
        // immutable already, so that RenderedPrompt's List.copyOf keeps it rather than copying it each call
        this.plainParts = parts == null ? null
                : parts.contains(null) ? java.util.Collections.unmodifiableList(parts) : List.copyOf(parts);
        this.fast = allFast;
        if (!fast) {
            // Jinjava renders this prompt: its trees are made now, at load, so that rendering parses nothing.
            for (RoleTemplate t : this.templates) {
                if (t.template() != null) {
                    t.template().treeAtLoad();
                }
            }
            for (ParsedTemplate t : this.includes.values()) {
                t.treeAtLoad();
            }
            for (ParsedTemplate t : this.fragments.values()) {
                t.treeAtLoad();
            }
        }
    }

    /** Whether the prompt renders on the fast path (every template it uses fits the subset). */
    boolean fast() {
        return fast;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String describe() {
        return id + "/" + family + "/" + version;
    }

    @Override
    public ModelParams params() {
        return params;
    }

    @Override
    public Set<String> variables() {
        return variables;
    }

    @Override
    public RequestMode mode() {
        return mode;
    }

    @Override
    public String file() {
        return file;
    }

    /** Every parsed template a render may walk: the role templates, then the includes (Jinjava's trees). */
    List<Node> roots() {
        List<Node> out = new ArrayList<>();
        templates.stream().filter(t -> t.template() != null).forEach(t -> out.add(t.template().node()));
        includes.values().forEach(t -> out.add(t.node()));
        return out;
    }

    /** The role templates and placeholders, in file order. */
    List<RoleTemplate> roleTemplates() {
        return templates;
    }

    /** How many role templates the definition has. */
    int templateCount() {
        return templates.size();
    }

    @Override
    public Set<String> acceptedInputs() {
        return accepted;
    }

    @Override
    public RenderedPrompt render(Map<String, ?> inputs) {
        if (inputs == null) {
            throw new InvalidInputException("inputs of prompt " + describe() + " must not be null: pass Map.of() for none");
        }
        List<String> unknown = inputs.keySet().stream().filter(k -> !accepted.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            String hint = unknown.size() == 1 ? Suggestions.didYouMean(unknown.get(0), accepted) : "";
            throw new InvalidInputException("unknown input(s) " + String.join(", ", unknown) + " for prompt " + describe()
                    + ": its templates use " + (accepted.isEmpty() ? "no inputs" : String.join(", ", accepted)) + "."
                    + hint);
        }
        // A null value is Python's None, as the gateway passes it (system_template_override).
        Map<String, Object> bindings = new HashMap<>();
        inputs.forEach((k, v) -> bindings.put(k, PyNone.bind(v)));
        List<String> missing = variables.stream().filter(v -> !bindings.containsKey(v)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("prompt " + file + " needs input(s) " + String.join(", ", missing)
                    + " that the call did not pass");
        }
        return messages(CallBindings.of(bindings), DEFAULT_RENDER_TIMEOUT_NANOS);
    }

    @Override
    public RenderedPrompt render(Feature feature, Map<String, ?> inputs) {
        return render(feature, inputs, null);
    }

    @Override
    public RenderedPrompt render(Feature feature, Map<String, ?> inputs, java.time.Duration budget) {
        Objects.requireNonNull(feature, "feature");
        if (inputs == null) {
            throw new InvalidInputException("inputs of feature " + feature.key()
                    + " must not be null: pass Map.of() for a call without inputs");
        }
        FeatureView view = view(feature);
        checkUnknown(view, feature, inputs);
        CallBindings bindings = CallBindings.forFeature(feature, inputs, fast ? view.defaults() : null);
        for (String v : variableNames) {
            if (!bindings.contains(v)) {
                List<String> missing = variables.stream().filter(n -> !bindings.contains(n)).sorted().toList();
                throw new InvalidInputException("prompt " + file + " needs input(s) " + String.join(", ", missing)
                        + " that the call did not pass (feature " + feature.key() + ")");
            }
        }
        return messages(bindings, budget == null ? DEFAULT_RENDER_TIMEOUT_NANOS : nanos(budget));
    }

    /**
     * What a call of one feature is checked and read against: its optional inputs' defaults (null when its
     * inputs cannot be read through a view) and the names it may pass (its inputs and the templates'
     * variables, each once).
     */
    private record FeatureView(Feature feature, Map<String, Object> defaults, String[] knownNames) {
    }

    /** The last feature rendered with (most prompts are rendered for one feature). */
    private volatile FeatureView featureView;

    /** The feature's view, made on its first render (and again whenever another feature renders this prompt). */
    private FeatureView view(Feature feature) {
        FeatureView v = featureView;
        if (v == null || v.feature() != feature) {
            java.util.LinkedHashSet<String> known = new java.util.LinkedHashSet<>(List.of(variableNames));
            for (FeatureInput i : feature.inputs()) {
                known.add(i.name());
            }
            v = new FeatureView(feature, CallBindings.viewable(feature) ? CallBindings.defaults(feature) : null,
                    known.toArray(new String[0]));
            featureView = v;
        }
        return v;
    }

    private static long nanos(java.time.Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Renders every entry in file order. A placeholder expands its list input (a feature's
     * conversation, or a list of messages) into that many messages, none when absent; a feature's
     * conversation that no placeholder names goes after the leading system messages, as before.
     */
    /** A render given no deadline still stops after this long. */
    static final long DEFAULT_RENDER_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private RenderedPrompt messages(CallBindings bindings, long timeoutNanos) {
        long start = System.nanoTime();
        // one clock read for the render's deadline, not one per message and another per fast render
        long deadline = timeoutNanos >= Long.MAX_VALUE - start ? Long.MAX_VALUE : start + timeoutNanos;
        Map<String, List<Message>> conversations = bindings.conversations;
        try {
            if (plainParts != null && conversations.isEmpty()) {
                // One message per template, and the same parts every call: no list to grow or copy.
                Message[] messages = new Message[templates.size()];
                for (int index = 0; index < messages.length; index++) {
                    RoleTemplate t = templates.get(index);
                    messages[index] = new Message(t.role(), text(index, t, bindings, deadline));
                }
                return new RenderedPrompt(List.of(messages), plainParts, params, mode);
            }
            List<Message> out = new ArrayList<>(templates.size() + 4);
            List<String> parts = new ArrayList<>(templates.size() + 4);
            List<Message> unplaced = conversations.isEmpty() ? List.of() : new ArrayList<>();
            conversations.forEach((name, c) -> {
                if (templates.stream().noneMatch(t -> name.equals(t.placeholder()))) {
                    unplaced.addAll(c);
                }
            });
            boolean conversationAdded = unplaced.isEmpty();
            for (int index = 0; index < templates.size(); index++) {
                RoleTemplate t = templates.get(index);
                if (!conversationAdded && t.role() != Role.SYSTEM) {
                    addAll(out, parts, unplaced, "conversation");
                    conversationAdded = true;
                }
                if (t.placeholder() != null) {
                    List<Message> expanded = conversations.containsKey(t.placeholder())
                            ? conversations.get(t.placeholder())
                            : CallBindings.placeholder(t.placeholder(), bindings.get(t.placeholder()), describe());
                    addAll(out, parts, expanded, "placeholder");
                    continue;
                }
                out.add(new Message(t.role(), text(index, t, bindings, deadline)));
                parts.add(t.part());
            }
            if (!conversationAdded) {
                addAll(out, parts, unplaced, "conversation");
            }
            return new RenderedPrompt(out, parts, params, mode);
        } finally {
            bindings.closeJinjava();
        }
    }

    /**
     * The text of role template {@code index}: kept, when it is constant; else rendered on the fast
     * path, or through Jinjava (for a prompt outside the subset, or a fast render that bailed).
     */
    private String text(int index, RoleTemplate t, CallBindings bindings, long deadline) {
        String text = constantTexts[index];
        if (text != null) {
            return text;
        }
        try {
            text = fast ? renderFast(index, t, bindings, deadline) : null;
            if (text == null) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
                text = bindings.jinjava(this).render(t, left);
            }
        } catch (TemplateException e) {
            if (e.deadline()) {
                throw new dev.duo.DuoTimeoutException("prompt " + describe() + " was still rendering prompt_template."
                        + t.part() + " when the call's deadline passed [" + file + "]");
            }
            throw new InvalidInputException("prompt " + describe() + " failed to render prompt_template." + t.part()
                    + (e.line() > 0 ? " (template line " + e.line() + ")" : "") + ": " + e.reason() + " [" + file + "]");
        }
        keepIfConstant(index, t, text);
        return text;
    }

    /**
     * One message on the fast path; null when it bailed (Jinjava renders it instead). A system
     * message whose inputs are as last time is the text it rendered then ({@link SystemTexts}), and
     * one equal to the last text is that same string (not a copy): system prompts are the prompt
     * author's text and change with few inputs. User messages are never kept.
     */
    private String renderFast(int index, RoleTemplate t, CallBindings bindings, long deadline) {
        FastTemplate fastTemplate = t.template().fast();
        if (t.role() != Role.SYSTEM) {
            return fastTemplate.renderText(new FastRender(bindings, fastIncludes, t.label(), deadline));
        }
        String kept = systemTexts.text(index, bindings, fastTemplate, fastIncludes);
        if (kept != null) {
            return kept;
        }
        FastRender r = new FastRender(bindings, fastIncludes, t.label(), deadline);
        String text = fastTemplate.renderText(r, systemTexts.last(index));
        if (text != null) {
            systemTexts.keep(index, bindings, text);
        }
        return text;
    }

    /** Jinjava's view of the prompt ({@link JinjavaRender.Trees}), made on its first Jinjava render. */
    private volatile Object jinjavaTrees;

    Object jinjavaTrees() {
        return jinjavaTrees;
    }

    void jinjavaTrees(Object trees) {
        jinjavaTrees = trees;
    }

    private final java.util.function.Function<String, FastTemplate> fastIncludes = this::fastInclude;

    private FastTemplate fastInclude(String path) {
        ParsedTemplate t = includes.get(path);
        return t == null ? null : t.fast();
    }

    /** The prompt's templates by path, as Jinjava's include tag finds them (its trees, made on first need). */
    Map<String, ParsedTemplate> includes() {
        return includes;
    }

    Map<String, ParsedTemplate> fragments() {
        return fragments;
    }

    Templates templates() {
        return engine;
    }

    /**
     * For each role template (as in {@link #templates}): its text, once a render found it to depend
     * on no input; null while unknown or when it does. Written racily: a string is safe to publish so.
     */
    private final String[] constantTexts;
    /** For each system template on the fast path: its last text, and the inputs it read. */
    private final SystemTexts systemTexts;
    /** For each role template: whether its first render found it to depend on its inputs. */
    private final boolean[] varying;

    /** Keeps the text of a template that renders the same whatever the inputs (decided once per template). */
    private void keepIfConstant(int i, RoleTemplate t, String text) {
        if (varying[i] || constantTexts[i] != null) {
            return;
        }
        boolean constant = fast ? t.template().fast().constant(fastIncludes)
                : JinjavaRender.constant(this, t.template());
        if (constant) {
            constantTexts[i] = text;
        } else {
            varying[i] = true;
        }
    }

    private static void addAll(List<Message> out, List<String> parts, List<Message> messages, String part) {
        out.addAll(messages);
        messages.forEach(m -> parts.add(part));
    }

    private void checkUnknown(FeatureView view, Feature feature, Map<String, ?> inputs) {
        if (allKnown(view, inputs)) {
            return;
        }
        List<String> unknown = inputs.keySet().stream()
                .filter(k -> feature.input(k).isEmpty() && !variables.contains(k))
                .sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        String declared = feature.inputs().stream()
                .map(i -> i.name() + (i.required() ? " (required)" : "")
                        + (i.kind() == InputKind.TEXT ? "" : " (" + i.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"))
                .collect(Collectors.joining(", "));
        List<String> names = feature.inputs().stream().map(FeatureInput::name).toList();
        String hint = unknown.size() == 1 ? Suggestions.didYouMean(unknown.get(0), names) : "";
        throw new InvalidInputException("unknown input(s) " + String.join(", ", unknown) + " for feature "
                + feature.key() + ": it declares " + (declared.isEmpty() ? "no inputs" : declared) + "." + hint);
    }

    /**
     * Whether every input is declared by the feature or used by the templates (checked on every call):
     * as many of the known names are among the inputs as there are inputs. Hash probes into the
     * caller's map, not a walk of it (a walk of a {@code Map.of} makes an iterator and an entry per input).
     */
    private boolean allKnown(FeatureView view, Map<String, ?> inputs) {
        int size = inputs.size();
        if (size == 0) {
            return true;
        }
        String[] names = view.knownNames();
        if (size > names.length) {
            return false;
        }
        int known = 0;
        for (String name : names) {
            if (inputs.containsKey(name)) {
                known++;
            }
        }
        return known == size;
    }
}
