package dev.duo.internal.prompt;

import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call's inputs as the templates see them: a feature's optional inputs that the call did not
 * pass read as empty ({@code ""} or an empty list), and a null value is absent. On the fast path
 * this is a view of the caller's own map and the feature's defaults (nothing is copied per call);
 * Jinjava's path gets the same bindings as one map, made on first need. Not thread-safe: one call.
 *
 * <pre>{@code
 * CallBindings b = CallBindings.of(Map.of("language", "java"));
 * Object v = b.lookup("language"); // "java"
 * }</pre>
 */
final class CallBindings {

    /** The caller's inputs (a view), or null when the bindings are {@link #map} itself. */
    private final Map<String, ?> inputs;
    private final Map<String, Object> defaults;
    private Map<String, Object> map;
    /** A feature's conversations by input name (none on the view). */
    final Map<String, List<Message>> conversations;

    private CallBindings(Map<String, ?> inputs, Map<String, Object> defaults, Map<String, Object> map,
            Map<String, List<Message>> conversations) {
        this.inputs = inputs;
        this.defaults = defaults;
        this.map = map;
        this.conversations = conversations;
    }

    /** Bindings already made, None bound as {@link PyNone#NONE}. */
    static CallBindings of(Map<String, Object> map) {
        return new CallBindings(null, null, map, Map.of());
    }

    /** The defaults of a feature's optional inputs: {@code ""} for text, an empty list for a list. */
    static Map<String, Object> defaults(Feature feature) {
        Map<String, Object> d = new HashMap<>();
        for (FeatureInput in : feature.inputs()) {
            if (!in.required()) {
                d.put(in.name(), in.kind() == InputKind.TEXT ? "" : List.of());
            }
        }
        return Map.copyOf(d);
    }

    /** Whether a feature's inputs can be read through a view (no conversation to turn into messages). */
    static boolean viewable(Feature feature) {
        for (FeatureInput i : feature.inputs()) {          // a loop, not a stream: the first render runs at start-up
            if (i.kind() == InputKind.CONVERSATION) {
                return false;
            }
        }
        return true;
    }

    /**
     * A feature call's bindings, checked: every required input present, every list input a list.
     *
     * @param defaults the feature's {@link #defaults} to read the caller's map through, or null to copy
     *     it into one map (as Jinjava's path needs, and a feature with a conversation)
     * @throws InvalidInputException naming the input and the fix
     */
    static CallBindings forFeature(Feature feature, Map<String, ?> inputs, Map<String, Object> defaults) {
        if (defaults != null) {
            List<String> missingRequired = null;
            List<FeatureInput> declared = feature.inputs();
            for (int i = 0; i < declared.size(); i++) {
                FeatureInput in = declared.get(i);
                Object value = inputs.get(in.name());
                if (value == null) {
                    if (in.required()) {
                        missingRequired = add(missingRequired, in.name());
                    }
                } else if (in.kind() == InputKind.LIST && !(value instanceof Collection<?>)) {
                    throw notAList(feature, in, value);
                }
            }
            checkRequired(feature, missingRequired);
            return new CallBindings(inputs, defaults, null, Map.of());
        }
        Map<String, Object> bindings = new HashMap<>(2 * (feature.inputs().size() + inputs.size()));
        Map<String, List<Message>> conversations = Map.of();
        List<String> missingRequired = null;
        for (FeatureInput in : feature.inputs()) {
            Object value = inputs.get(in.name());
            if (value == null) {
                if (in.required()) {
                    missingRequired = add(missingRequired, in.name());
                } else {
                    bindings.put(in.name(), in.kind() == InputKind.TEXT ? "" : List.of());
                }
                continue;
            }
            if (in.kind() == InputKind.CONVERSATION) {
                List<Message> conversation = conversation(feature, in.name(), value);
                if (conversations.isEmpty()) {
                    conversations = new LinkedHashMap<>();
                }
                conversations.put(in.name(), conversation);
                bindings.put(in.name(), conversation.stream()
                        .map(m -> Map.of("role", m.role().wireName(), "content", m.content())).toList());
            } else if (in.kind() == InputKind.LIST && !(value instanceof Collection<?>)) {
                throw notAList(feature, in, value);
            } else {
                bindings.put(in.name(), value);
            }
        }
        checkRequired(feature, missingRequired);
        for (Map.Entry<String, ?> e : inputs.entrySet()) {
            if (e.getValue() != null) {
                bindings.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return new CallBindings(null, null, bindings, conversations);
    }

    private static List<String> add(List<String> list, String name) {
        List<String> l = list == null ? new ArrayList<>() : list;
        l.add(name);
        return l;
    }

    private static void checkRequired(Feature feature, List<String> missingRequired) {
        if (missingRequired != null) {
            throw new InvalidInputException("feature " + feature.key() + " needs the required input(s) "
                    + String.join(", ", missingRequired) + "; the call did not pass them");
        }
    }

    private static InvalidInputException notAList(Feature feature, FeatureInput in, Object value) {
        return new InvalidInputException("input '" + in.name() + "' of feature " + feature.key()
                + " must be a list, got " + value.getClass().getSimpleName());
    }

    private static List<Message> conversation(Feature feature, String name, Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(Message.class::isInstance)) {
            return list.stream().map(Message.class::cast).toList();
        }
        throw new InvalidInputException("input '" + name + "' of feature " + feature.key()
                + " must be a List<dev.duo.Message> (the conversation), got " + value.getClass().getSimpleName());
    }

    /** This call's Jinjava renders (one session for its messages), made on first need. */
    private JinjavaRender jinjava;

    JinjavaRender jinjava(CompiledPrompt prompt) {
        if (jinjava == null) {
            jinjava = new JinjavaRender(prompt, this);
        }
        return jinjava;
    }

    /** Ends this call's Jinjava session, if it had one. */
    void closeJinjava() {
        if (jinjava != null) {
            jinjava.close();
            jinjava = null;
        }
    }

    /** Whether {@code name} is bound (present, or a feature's optional input). */
    boolean contains(String name) {
        return inputs != null ? inputs.get(name) != null || defaults.containsKey(name) : map.containsKey(name);
    }

    /** The bound value as a map holds it (None as {@link PyNone#NONE}), or null when unbound. */
    Object get(String name) {
        if (inputs == null) {
            return map.get(name);
        }
        Object v = inputs.get(name);
        return v != null ? v : defaults.get(name);
    }

    /** The value a template reads: null for None, {@link FastValues#UNDEFINED} when unbound. */
    Object lookup(String name) {
        Object v = get(name);
        if (v == null) {
            return FastValues.UNDEFINED;
        }
        return v == PyNone.NONE ? null : v;
    }

    /** The bindings as one map, for Jinjava (made once, on first need, from a view). */
    Map<String, Object> map() {
        if (map == null) {
            Map<String, Object> m = new HashMap<>(defaults);
            inputs.forEach((k, v) -> {
                if (v != null) {
                    m.put(k, v);
                }
            });
            map = m;
        }
        return map;
    }

    /** A placeholder's list input (of {@code prompt}): messages, or {role, content} mappings; absent or empty is none. */
    static List<Message> placeholder(String name, Object value, String prompt) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Collection<?> items)) {
            throw new InvalidInputException("input '" + name + "' of prompt " + prompt + " fills a placeholder: "
                    + "pass a list of messages, got " + value.getClass().getSimpleName());
        }
        List<Message> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Message m) {
                out.add(m);
            } else if (item instanceof Map<?, ?> m && m.get("role") instanceof String role
                    && m.get("content") instanceof String content) {
                try {
                    out.add(new Message(Role.fromWireName(role), content));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("input '" + name + "' of prompt " + prompt + ": " + e.getMessage());
                }
            } else {
                throw new InvalidInputException("input '" + name + "' of prompt " + prompt + " fills a placeholder: "
                        + "each item must be a Message or a {role, content} mapping");
            }
        }
        return out;
    }
}
