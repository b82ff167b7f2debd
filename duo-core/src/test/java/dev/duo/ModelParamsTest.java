package dev.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelParamsTest {

    @Test
    void laterLayersOverrideOnlyWhatTheySet() {
        ModelParams prompt = ModelParams.builder().temperature(0.1).maxTokens(256).stop(List.of("```"))
                .timeout(Duration.ofSeconds(60)).build();
        ModelParams model = ModelParams.builder().maxTokens(1024).build();
        ModelParams call = ModelParams.builder().temperature(0.7).build();
        ModelParams merged = prompt.overriddenBy(model).overriddenBy(call);
        assertThat(merged.temperature()).hasValue(0.7);
        assertThat(merged.maxTokens()).hasValue(1024);
        assertThat(merged.stop()).contains(List.of("```"));
        assertThat(merged.timeout()).contains(Duration.ofSeconds(60));
        assertThat(merged.topP()).isEmpty();
    }

    @Test
    void aLayerThatSetsNothingLeavesTheOtherAsItIs() {
        ModelParams prompt = ModelParams.builder().temperature(0.1).stop(List.of("```")).build();
        assertThat(prompt.overriddenBy(ModelParams.NONE)).isSameAs(prompt);
        assertThat(ModelParams.NONE.overriddenBy(prompt)).isSameAs(prompt);
        assertThat(ModelParams.builder().build().overriddenBy(prompt).overriddenBy(ModelParams.builder().build()))
                .isEqualTo(prompt);
    }

    @Test
    void nothingSetMeansNothingSent() {
        assertThat(ModelParams.NONE.isEmpty()).isTrue();
        assertThat(ModelParams.NONE.toString()).isEqualTo("ModelParams{}");
        assertThat(ModelParams.NONE.overriddenBy(ModelParams.NONE)).isEqualTo(ModelParams.NONE);
    }

    @Test
    void outOfRangeValuesNameTheParameter() {
        assertThatThrownBy(() -> ModelParams.builder().temperature(3).build())
                .hasMessage("temperature must be between 0 and 2, got 3.0");
        assertThatThrownBy(() -> ModelParams.builder().maxTokens(0).build())
                .hasMessage("max_tokens must be at least 1, got 0");
        assertThatThrownBy(() -> ModelParams.builder().topP(0).build())
                .hasMessage("top_p must be above 0 and at most 1, got 0.0");
        assertThatThrownBy(() -> ModelParams.builder().timeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> ModelParams.builder().stop(List.of("")).build())
                .hasMessageContaining("stop sequences must not be null or empty");
    }
}
