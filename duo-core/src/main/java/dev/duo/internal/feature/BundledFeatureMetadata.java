package dev.duo.internal.feature;

import static dev.duo.internal.yaml.BundledYaml.list;
import static dev.duo.internal.yaml.BundledYaml.map;
import static dev.duo.internal.yaml.BundledYaml.onlyKeys;
import static dev.duo.internal.yaml.BundledYaml.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the bundled feature metadata's plain tree to {@link FeatureMetadataFile} by hand, field for
 * field as Jackson's annotations say, so that the bundled file loads without data binding.
 */
final class BundledFeatureMetadata {

    private static final String FILE = "bundled feature_metadata.yml";

    private BundledFeatureMetadata() {
    }

    static FeatureMetadataFile bind(Map<String, Object> doc) {
        onlyKeys(doc, FILE, "family_sets", "input_sets", "features");
        FeatureMetadataFile f = new FeatureMetadataFile();
        if (doc.get("family_sets") != null) {
            f.familySets = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map(doc.get("family_sets")).entrySet()) {
                f.familySets.put(e.getKey(), strings(e.getValue()));
            }
        }
        if (doc.get("input_sets") != null) {
            f.inputSets = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map(doc.get("input_sets")).entrySet()) {
                f.inputSets.put(e.getKey(), inputs(e.getValue()));
            }
        }
        if (doc.get("features") != null) {
            f.features = new ArrayList<>();
            for (Object o : list(doc.get("features"))) {
                f.features.add(feature(map(o)));
            }
        }
        return f;
    }

    private static FeatureMetadataFile.FeatureEntry feature(Map<String, Object> m) {
        onlyKeys(m, FILE + ", feature " + m.get("key"), "key", "title", "release_state", "category", "families",
                "family_set", "unit_primitives", "aliases", "prompt", "inputs", "inputs_from");
        FeatureMetadataFile.FeatureEntry e = new FeatureMetadataFile.FeatureEntry();
        e.key = (String) m.get("key");
        e.title = (String) m.get("title");
        e.releaseState = (String) m.get("release_state");
        e.category = (String) m.get("category");
        e.families = strings(m.get("families"));
        e.familySet = (String) m.get("family_set");
        e.unitPrimitives = strings(m.get("unit_primitives"));
        e.aliases = strings(m.get("aliases"));
        if (m.get("prompt") != null) {
            Map<String, Object> p = map(m.get("prompt"));
            onlyKeys(p, FILE + ", feature " + e.key + ", prompt", "id", "version");
            e.prompt = new FeatureMetadataFile.PromptEntry();
            e.prompt.id = (String) p.get("id");
            e.prompt.version = (String) p.get("version");
        }
        e.inputs = m.get("inputs") == null ? null : inputs(m.get("inputs"));
        e.inputsFrom = (String) m.get("inputs_from");
        return e;
    }

    private static List<FeatureMetadataFile.InputEntry> inputs(Object value) {
        List<FeatureMetadataFile.InputEntry> out = new ArrayList<>();
        for (Object o : list(value)) {
            Map<String, Object> m = map(o);
            onlyKeys(m, FILE + ", input " + m.get("name"), "name", "required", "kind");
            FeatureMetadataFile.InputEntry in = new FeatureMetadataFile.InputEntry();
            in.name = (String) m.get("name");
            Object required = m.get("required");
            if (required != null && !required.equals("true") && !required.equals("false")) {
                throw new IllegalStateException(FILE + ", input " + in.name + ": required must be true or false");
            }
            in.required = "true".equals(required);
            in.kind = (String) m.get("kind");
            out.add(in);
        }
        return out;
    }
}
