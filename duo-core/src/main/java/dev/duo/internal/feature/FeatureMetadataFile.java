package dev.duo.internal.feature;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The shape of a feature metadata file (bundled or a user's), bound strictly by Jackson. */
public final class FeatureMetadataFile {

    /** Named family lists that features refer to with {@code family_set}. */
    @JsonProperty("family_sets")
    public Map<String, List<String>> familySets;

    /** Named input lists that features refer to with {@code inputs_from}. */
    @JsonProperty("input_sets")
    public Map<String, List<InputEntry>> inputSets;

    /** The features. */
    @JsonProperty("features")
    public List<FeatureEntry> features;

    /** One feature. */
    public static final class FeatureEntry {
        @JsonProperty("key") public String key;
        @JsonProperty("title") public String title;
        @JsonProperty("release_state") public String releaseState;
        @JsonProperty("category") public String category;
        @JsonProperty("families") public List<String> families;
        @JsonProperty("family_set") public String familySet;
        @JsonProperty("unit_primitives") public List<String> unitPrimitives;
        @JsonProperty("aliases") public List<String> aliases;
        @JsonProperty("prompt") public PromptEntry prompt;
        @JsonProperty("inputs") public List<InputEntry> inputs;
        @JsonProperty("inputs_from") public String inputsFrom;
    }

    /** A feature's prompt id and default version constraint. */
    public static final class PromptEntry {
        @JsonProperty("id") public String id;
        @JsonProperty("version") public String version;
    }

    /** One declared input. */
    public static final class InputEntry {
        @JsonProperty("name") public String name;
        @JsonProperty("required") public boolean required;
        @JsonProperty("kind") public String kind;
    }
}
