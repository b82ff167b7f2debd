package dev.duo.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.feature.ReleaseState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled family table (dev/duo/model/families.yml) agrees with the gateway's models.yml and
 * GitLab's self_hosted_model.rb: one visible diff when either changes.
 */
class ModelFamilyTableTest {

    @Test
    void lookupOrdersAreTheGatewaysCurrentOnes() {
        Map<String, List<String>> orders = new LinkedHashMap<>();
        for (ModelFamily f : ModelFamily.values()) {
            orders.put(f.id(), f.promptLookupOrder());
        }
        assertThat(orders).containsExactly(
                Map.entry("mistral", List.of("mistral", "base")),
                Map.entry("mixtral", List.of("mixtral", "mistral", "base")),
                Map.entry("codestral", List.of("codestral", "mistral", "base")),
                Map.entry("claude_3", List.of("base")),
                Map.entry("gpt", List.of("gpt", "base")),
                Map.entry("llama3", List.of("llama3", "base")),
                Map.entry("codegemma", List.of("codegemma", "base")),
                Map.entry("codellama", List.of("codellama", "base")),
                Map.entry("deepseekcoder", List.of("deepseekcoder", "base")),
                Map.entry("gemini", List.of("gemini", "base")),
                Map.entry("general", List.of("base")),
                Map.entry("qwen", List.of("qwen", "base")));
    }

    @Test
    void releaseStatesAreGitLabs() {
        assertThat(ModelFamily.values()).filteredOn(f -> f.releaseState() == ReleaseState.GA)
                .containsExactly(ModelFamily.MISTRAL, ModelFamily.MIXTRAL, ModelFamily.CODESTRAL, ModelFamily.CLAUDE_3,
                        ModelFamily.GPT);
        assertThat(ModelFamily.QWEN.releaseState()).isEqualTo(ReleaseState.BETA);
        assertThat(ModelFamily.fromId("qwen")).isEqualTo(ModelFamily.QWEN);
    }
}
