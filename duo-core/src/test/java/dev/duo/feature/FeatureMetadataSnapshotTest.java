package dev.duo.feature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.duo.model.ModelFamily;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled feature metadata carries GitLab's own values: title, category (main_feature), release
 * state, compatible families in GitLab's order and unit primitives, compared with a snapshot of GitLab
 * 18.x's feature_metadata.yml kept in the test resources (one visible diff when GitLab changes).
 */
class FeatureMetadataSnapshotTest {

    @Test
    @SuppressWarnings("unchecked")
    void theBundledMetadataIsGitLabs() throws Exception {
        Map<String, Map<String, Object>> snapshot;
        try (InputStream in = getClass().getResourceAsStream("/gitlab_feature_metadata_snapshot.yml")) {
            snapshot = new ObjectMapper(new YAMLFactory()).readValue(in, LinkedHashMap.class);
        }
        Map<String, Map<String, Object>> bundled = new LinkedHashMap<>();
        for (String key : snapshot.keySet()) {
            Feature f = FeatureRegistry.bundled().get(key);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("title", f.title());
            row.put("main_feature", f.category());
            row.put("release_state", f.releaseState().name());
            row.put("compatible_llms", f.families().stream().map(ModelFamily::id).toList());
            row.put("unit_primitives", f.unitPrimitives());
            bundled.put(key, row);
        }
        assertThat(bundled).isEqualTo(snapshot);
        assertThat(FeatureRegistry.bundled().keys()).containsExactlyInAnyOrderElementsOf(snapshot.keySet());
    }

    @Test
    void qwenServesEveryFeatureAndReviewHasItsNewTitle() {
        assertThat(FeatureRegistry.bundled().all()).allMatch(f -> f.supports(ModelFamily.QWEN));
        assertThat(FeatureRegistry.bundled().get("review_merge_request").title()).isEqualTo("Non-Agentic Code Review");
        assertThat(FeatureRegistry.bundled().get("code_generations").unitPrimitives()).containsExactly("generate_code");
        assertThat(FeatureRegistry.bundled().get("duo_chat").unitPrimitives()).startsWith("duo_classic_chat", "chat")
                .hasSize(12);
    }
}
