package dev.duo.feature;

import dev.duo.InvalidConfigException;
import dev.duo.UnknownFeatureException;
import dev.duo.internal.feature.FeatureMetadataLoader;
import dev.duo.internal.util.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The AI features a client knows: the 16 bundled ones (GitLab's feature settings) plus any a user
 * declares in their own metadata file. Immutable and thread-safe; keys and aliases resolve alike.
 *
 * <pre>{@code
 * FeatureRegistry features = FeatureRegistry.bundled();
 * Feature gen = features.get("code_generation");        // the alias of code_generations
 * List<Feature> chat = features.inCategory("GitLab Duo Chat");
 * }</pre>
 */
public final class FeatureRegistry {

    private static volatile FeatureRegistry bundled;

    private final Map<String, Feature> byKey;
    private final Map<String, Feature> byKeyOrAlias;

    private FeatureRegistry(List<Feature> features) {
        Map<String, Feature> keys = new LinkedHashMap<>();
        Map<String, Feature> all = new LinkedHashMap<>();
        for (Feature f : features) {
            claim(all, f.key(), f);
            keys.put(f.key(), f);
            for (String alias : f.aliases()) {
                claim(all, alias, f);
            }
        }
        this.byKey = java.util.Collections.unmodifiableMap(keys);
        this.byKeyOrAlias = java.util.Collections.unmodifiableMap(all);
    }

    private static void claim(Map<String, Feature> all, String name, Feature f) {
        Feature old = all.putIfAbsent(name, f);
        if (old != null) {
            throw new InvalidConfigException("The feature name '" + name + "' is claimed by both " + old.key()
                    + " and " + f.key() + ": feature keys and aliases must be unique");
        }
    }

    /** The bundled features (read once, then shared). */
    public static FeatureRegistry bundled() {
        FeatureRegistry r = bundled;
        if (r == null) {
            synchronized (FeatureRegistry.class) {
                r = bundled;
                if (r == null) {
                    r = new FeatureRegistry(FeatureMetadataLoader.bundled());
                    bundled = r;
                }
            }
        }
        return r;
    }

    /**
     * The bundled features plus those of the users' metadata files.
     *
     * @throws InvalidConfigException naming the file, line and feature of a malformed entry, or a
     *     key that is already taken
     */
    public static FeatureRegistry load(Collection<Path> userMetadataFiles) {
        if (userMetadataFiles.isEmpty()) {
            return bundled();
        }
        List<Feature> features = new ArrayList<>(bundled().all());
        for (Path file : userMetadataFiles) {
            features.addAll(FeatureMetadataLoader.load(file));
        }
        return new FeatureRegistry(features);
    }

    /** A registry of exactly these features (for tests and tools). */
    public static FeatureRegistry of(List<Feature> features) {
        return new FeatureRegistry(features);
    }

    /** Every feature, in declaration order. */
    public List<Feature> all() {
        return List.copyOf(byKey.values());
    }

    /** The feature of this key or alias. */
    public Optional<Feature> find(String keyOrAlias) {
        return Optional.ofNullable(keyOrAlias == null ? null : byKeyOrAlias.get(keyOrAlias));
    }

    /**
     * The feature of this key or alias.
     *
     * @throws UnknownFeatureException listing the closest known keys
     */
    public Feature get(String keyOrAlias) {
        Feature f = find(keyOrAlias).orElse(null);
        if (f == null) {
            String close = Suggestions.didYouMean(String.valueOf(keyOrAlias), byKeyOrAlias.keySet());
            throw new UnknownFeatureException("Unknown feature '" + keyOrAlias + "'." + close
                    + " Run 'duo features list' to see all " + byKey.size() + " features.");
        }
        return f;
    }

    /** The features of a category (GitLab's main_feature), in order. */
    public List<Feature> inCategory(String category) {
        return byKey.values().stream().filter(f -> f.category().equals(category)).toList();
    }

    /** Every category, in first-seen order. */
    public Set<String> categories() {
        Set<String> out = new LinkedHashSet<>();
        byKey.values().forEach(f -> out.add(f.category()));
        return out;
    }

    /** Every key, in order. */
    public Set<String> keys() {
        return byKey.keySet();
    }

    @Override
    public String toString() {
        return "FeatureRegistry" + byKey.keySet();
    }
}
