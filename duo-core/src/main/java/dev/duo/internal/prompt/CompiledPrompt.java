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
import java.util.Collection;
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

    /** One role's parsed template, such as the system message. */
    record RoleTemplate(Role role, String label, Node root) {
    }

    private final String id;
    private final String family;
    private final String version;
    private final String source;
    private final String file;
    private final ModelParams params;
    private final List<RoleTemplate> templates;
    private final Map<String, Node> includes;
    private final Set<String> variables;
    private final RequestMode mode;
    private final TemplateEngine engine;

    CompiledPrompt(String id, String family, String version, String source, String file, ModelParams params,
            List<RoleTemplate> templates, Map<String, Node> includes, Set<String> variables, RequestMode mode,
            TemplateEngine engine) {
        this.id = id;
        this.family = family;
        this.version = version;
        this.source = source;
        this.file = file;
        this.params = params;
        this.templates = List.copyOf(templates);
        this.includes = Map.copyOf(includes);
        this.variables = Set.copyOf(new TreeSet<>(variables));
        this.mode = mode;
        this.engine = engine;
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

    @Override
    public RenderedPrompt render(Feature feature, Map<String, ?> inputs) {
        Objects.requireNonNull(feature, "feature");
        if (inputs == null) {
            throw new InvalidInputException("inputs of feature " + feature.key()
                    + " must not be null: pass Map.of() for a call without inputs");
        }
        checkUnknown(feature, inputs);
        Map<String, Object> bindings = new HashMap<>();
        List<Message> conversation = List.of();
        List<String> missingRequired = new ArrayList<>();
        for (FeatureInput in : feature.inputs()) {
            Object value = inputs.get(in.name());
            if (value == null) {
                if (in.required()) {
                    missingRequired.add(in.name());
                } else {
                    bindings.put(in.name(), in.kind() == InputKind.TEXT ? "" : List.of());
                }
                continue;
            }
            if (in.kind() == InputKind.CONVERSATION) {
                conversation = conversation(feature, in.name(), value);
                bindings.put(in.name(), conversation.stream()
                        .map(m -> Map.of("role", m.role().wireName(), "content", m.content())).toList());
            } else if (in.kind() == InputKind.LIST && !(value instanceof Collection<?>)) {
                throw new InvalidInputException("input '" + in.name() + "' of feature " + feature.key()
                        + " must be a list, got " + value.getClass().getSimpleName());
            } else {
                bindings.put(in.name(), value);
            }
        }
        if (!missingRequired.isEmpty()) {
            throw new InvalidInputException("feature " + feature.key() + " needs the required input(s) "
                    + String.join(", ", missingRequired) + "; the call did not pass them");
        }
        inputs.forEach((k, v) -> {
            if (v != null && !bindings.containsKey(k)) {
                bindings.put(k, v);
            }
        });
        List<String> missing = variables.stream().filter(v -> !bindings.containsKey(v)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("prompt " + file + " needs input(s) " + String.join(", ", missing)
                    + " that the call did not pass (feature " + feature.key() + ")");
        }
        return new RenderedPrompt(messages(bindings, conversation), params, mode);
    }

    private List<Message> messages(Map<String, Object> bindings, List<Message> conversation) {
        List<Message> out = new ArrayList<>(templates.size() + conversation.size());
        boolean conversationAdded = conversation.isEmpty();
        for (RoleTemplate t : templates) {
            if (!conversationAdded && t.role() != Role.SYSTEM) {
                out.addAll(conversation);
                conversationAdded = true;
            }
            String text;
            try {
                text = engine.render(t.label(), t.root(), includes, bindings);
            } catch (TemplateException e) {
                throw new InvalidInputException("prompt " + describe() + " failed to render: " + e.getMessage());
            }
            out.add(new Message(t.role(), text));
        }
        if (!conversationAdded) {
            out.addAll(conversation);
        }
        return out;
    }

    private void checkUnknown(Feature feature, Map<String, ?> inputs) {
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

    private static List<Message> conversation(Feature feature, String name, Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(Message.class::isInstance)) {
            return list.stream().map(Message.class::cast).toList();
        }
        throw new InvalidInputException("input '" + name + "' of feature " + feature.key()
                + " must be a List<dev.duo.Message> (the conversation), got " + value.getClass().getSimpleName());
    }
}
