package dev.duo.admin;

import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevelopmentCatalogTest {

    @Test
    void holdsTheFourteenModelsOfTheReference() {
        List<SelfHostedModel> models = DevelopmentCatalog.models();
        assertThat(models).hasSize(14);
        assertThat(models.stream().filter(m -> m.platform().equals("bedrock"))).hasSize(8);
        SelfHostedModel sonnet4 = models.stream().filter(m -> m.name().equals("Claude Sonnet 4 [Bedrock]")).findFirst().orElseThrow();
        assertThat(sonnet4.identifier().modelId()).isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(sonnet4.apiKey()).isEmpty();
        SelfHostedModel mixtral = models.stream().filter(m -> m.name().equals("Mixtral 8x22b [Fireworks AI]")).findFirst().orElseThrow();
        assertThat(mixtral.family()).isEqualTo(ModelFamily.MIXTRAL);
        assertThat(mixtral.apiKey().orElseThrow().reference()).isEqualTo("${FIREWORKS_AI_API_KEY}");
        assertThat(mixtral.identifier().modelId()).isEqualTo("accounts/fireworks/models/mixtral-8x22b-instruct");
    }
}
