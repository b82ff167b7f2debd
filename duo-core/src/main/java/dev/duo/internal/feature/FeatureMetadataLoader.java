package dev.duo.internal.feature;

import dev.duo.InvalidConfigException;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import dev.duo.feature.ReleaseState;
import dev.duo.internal.yaml.BundledYaml;
import dev.duo.internal.yaml.YamlReader;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Turns feature metadata files into {@link Feature}s, naming the file and feature in every error. */
public final class FeatureMetadataLoader {

    /** The classpath resource holding the bundled features. */
    public static final String BUNDLED = "/dev/duo/feature/feature_metadata.yml";

    private FeatureMetadataLoader() {
    }

    /**
     * The bundled features, read without Jackson's data binding (see {@link BundledYaml}: it is most of
     * {@code duo features list}'s start-up); {@link #bundledThroughJackson()} reads the same file the
     * way users' files are read, and a test keeps the two equal.
     */
    public static List<Feature> bundled() {
        Map<String, Object> doc = BundledYaml.readResource(FeatureMetadataLoader.class, BUNDLED, "feature_metadata.yml");
        if (doc == null) {
            throw new IllegalStateException("the bundled " + BUNDLED + " is missing from duo-core's jar");
        }
        return toFeatures(BundledFeatureMetadata.bind(doc), "bundled feature_metadata.yml");
    }

    /** The bundled features read through Jackson, as users' files are (for the test that compares both readers). */
    static List<Feature> bundledThroughJackson() {
        try (InputStream in = open()) {
            return toFeatures(YamlReader.read(in, "bundled feature_metadata.yml", FeatureMetadataFile.class),
                    "bundled feature_metadata.yml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open() {
        InputStream in = FeatureMetadataLoader.class.getResourceAsStream(BUNDLED);
        if (in == null) {
            throw new IllegalStateException("the bundled " + BUNDLED + " is missing from duo-core's jar");
        }
        return in;
    }

    /** The features of a user's metadata file. */
    public static List<Feature> load(Path file) {
        return toFeatures(YamlReader.read(file, FeatureMetadataFile.class), file.toString());
    }

    static List<Feature> toFeatures(FeatureMetadataFile file, String source) {
        if (file.features == null || file.features.isEmpty()) {
            throw new InvalidConfigException(source + ": no 'features:' list");
        }
        List<Feature> out = new ArrayList<>();
        for (int i = 0; i < file.features.size(); i++) {
            FeatureMetadataFile.FeatureEntry e = file.features.get(i);
            String where = source + ", features[" + i + "]" + (e.key == null ? "" : " (" + e.key + ")");
            try {
                expandSets(file, e, where);
                out.add(toFeature(e, where));
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw new InvalidConfigException(where + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private static void expandSets(FeatureMetadataFile file, FeatureMetadataFile.FeatureEntry e, String where) {
        if (e.familySet != null) {
            if (e.families != null) {
                throw new InvalidConfigException(where + ": give either 'families' or 'family_set', not both");
            }
            e.families = named(file.familySets, e.familySet, "family_sets", where);
        }
        if (e.inputsFrom != null) {
            if (e.inputs != null) {
                throw new InvalidConfigException(where + ": give either 'inputs' or 'inputs_from', not both");
            }
            e.inputs = named(file.inputSets, e.inputsFrom, "input_sets", where);
        }
    }

    private static <T> T named(java.util.Map<String, T> sets, String name, String section, String where) {
        T found = sets == null ? null : sets.get(name);
        if (found == null) {
            throw new InvalidConfigException(where + ": '" + name + "' is not defined under '" + section + "'"
                    + (sets == null ? "" : " (defined: " + String.join(", ", sets.keySet()) + ")"));
        }
        return found;
    }

    private static Feature toFeature(FeatureMetadataFile.FeatureEntry e, String where) {
        require(e.key, "key", where);
        require(e.title, "title", where);
        require(e.releaseState, "release_state", where);
        require(e.category, "category", where);
        if (e.prompt == null || e.prompt.id == null) {
            throw new InvalidConfigException(where + ": missing 'prompt: { id: ..., version: ... }'");
        }
        if (e.families == null || e.families.isEmpty()) {
            throw new InvalidConfigException(where + ": missing 'families' (the compatible model families: "
                    + ModelFamily.allIds() + ")");
        }
        ReleaseState state;
        try {
            state = ReleaseState.valueOf(e.releaseState.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(where + ": release_state '" + e.releaseState
                    + "' is not one of GA, BETA, EXPERIMENT");
        }
        List<ModelFamily> families = new ArrayList<>(e.families.size());
        for (String id : e.families) {
            families.add(ModelFamily.fromId(id));
        }
        families = java.util.Collections.unmodifiableList(families);
        List<FeatureInput> inputs = new ArrayList<>();
        if (e.inputs != null) {
            for (FeatureMetadataFile.InputEntry in : e.inputs) {
                require(in.name, "inputs[].name", where);
                InputKind kind;
                try {
                    kind = in.kind == null ? InputKind.TEXT : InputKind.valueOf(in.kind.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidConfigException(where + ": input '" + in.name + "' has kind '" + in.kind
                            + "'; use text, list or conversation");
                }
                inputs.add(new FeatureInput(in.name, in.required, kind));
            }
        }
        return new Feature(e.key, e.title, state, e.category, families,
                e.unitPrimitives == null ? List.of() : e.unitPrimitives,
                e.aliases == null ? List.of() : e.aliases,
                e.prompt.id, e.prompt.version == null ? "^1.0.0" : e.prompt.version, inputs);
    }

    private static void require(Object value, String key, String where) {
        if (value == null) {
            throw new InvalidConfigException(where + ": missing '" + key + "'");
        }
    }
}
