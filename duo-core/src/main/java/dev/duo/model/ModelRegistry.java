package dev.duo.model;

import dev.duo.UnknownModelException;
import dev.duo.internal.util.Suggestions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The self-hosted models a client knows, by unique name, in the order they were added. Immutable:
 * {@link #with} and {@link #without} return new registries.
 *
 * <pre>{@code
 * ModelRegistry models = ModelRegistry.of(List.of(mixtral));
 * SelfHostedModel m = models.get("Mixtral 8x22b [Fireworks AI]");
 * }</pre>
 */
public final class ModelRegistry {

    private static final ModelRegistry EMPTY = new ModelRegistry(Map.of());

    private final Map<String, SelfHostedModel> byName;

    private ModelRegistry(Map<String, SelfHostedModel> byName) {
        this.byName = byName;
    }

    /** A registry with no model. */
    public static ModelRegistry empty() {
        return EMPTY;
    }

    /**
     * A registry of these models.
     *
     * @throws IllegalArgumentException when two models share a name
     */
    public static ModelRegistry of(Collection<SelfHostedModel> models) {
        Map<String, SelfHostedModel> map = new LinkedHashMap<>();
        for (SelfHostedModel m : models) {
            if (map.putIfAbsent(m.name(), m) != null) {
                throw new IllegalArgumentException("two models are named '" + m.name() + "': model names must be unique");
            }
        }
        return new ModelRegistry(java.util.Collections.unmodifiableMap(map));
    }

    /** Every model, in order. */
    public List<SelfHostedModel> all() {
        return List.copyOf(byName.values());
    }

    /** Every model's name, in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The model of that name. */
    public Optional<SelfHostedModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The model of that name.
     *
     * @throws UnknownModelException listing close names, or how to add one
     */
    public SelfHostedModel get(String name) {
        SelfHostedModel m = byName.get(name);
        if (m == null) {
            String hint = byName.isEmpty()
                    ? " The registry is empty: add models under 'models:' in duo.yml, or run 'duo models seed'."
                    : Suggestions.didYouMean(name, byName.keySet()) + " Known models: " + String.join(", ", byName.keySet()) + ".";
            throw new UnknownModelException("No model named '" + name + "'." + hint);
        }
        return m;
    }

    /** Whether a model of that name exists. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * This registry plus one model.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public ModelRegistry with(SelfHostedModel model) {
        if (byName.containsKey(model.name())) {
            throw new IllegalArgumentException("a model named '" + model.name() + "' already exists");
        }
        Map<String, SelfHostedModel> map = new LinkedHashMap<>(byName);
        map.put(model.name(), model);
        return new ModelRegistry(java.util.Collections.unmodifiableMap(map));
    }

    /** This registry without the named model (unchanged when absent). */
    public ModelRegistry without(String name) {
        Map<String, SelfHostedModel> map = new LinkedHashMap<>(byName);
        map.remove(name);
        return new ModelRegistry(java.util.Collections.unmodifiableMap(map));
    }

    /** The number of models. */
    public int size() {
        return byName.size();
    }

    @Override
    public String toString() {
        return "ModelRegistry" + byName.keySet();
    }
}
