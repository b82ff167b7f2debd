package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import dev.duo.FeatureUnavailableException;
import dev.duo.MissingCredentialsException;
import dev.duo.admin.Provenance;
import dev.duo.UnknownFeatureException;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DuoClient#resolve}: a feature checked end to end without a model call (health checks use it). */
class DuoClientResolveTest {

    private final EchoProvider echo = new EchoProvider(Set.of("fireworks_ai", "custom_openai", "openai"));

    private DuoClient client() {
        SelfHostedModel mixtral = SelfHostedModel.builder().name("Mixtral").family(ModelFamily.MIXTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
                .apiKey(ApiKey.parse("${FIREWORKS_AI_API_KEY}")).build();
        SelfHostedModel keyless = SelfHostedModel.builder().name("Keyless").family(ModelFamily.MISTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/mistral").apiKey(ApiKey.parse("${UNSET_KEY_VAR}")).build();
        DuoConfig config = DuoConfig.builder().model(mixtral).model(keyless)
                .feature("code_generation", FeatureSetting.selfHosted("Mixtral"))
                .feature("duo_chat_explain_code", FeatureSetting.selfHosted("Keyless"))
                .feature("code_completions", FeatureSetting.DISABLED)
                .build();
        return DuoClient.builder().config(config).environment(Map.of("FIREWORKS_AI_API_KEY", "fw_NotARealKey0000000000"))
                .provider(echo).build();
    }

    @Test
    void aFeatureThatResolvesSaysWhatWouldServeItWithoutCallingTheModel() {
        try (DuoClient duo = client()) {
            Provenance p = duo.resolve("code_generation");
            assertThat(p.feature()).isEqualTo("code_generations");
            assertThat(p.model()).isEqualTo("Mixtral");
            assertThat(p.platform()).isEqualTo("fireworks_ai");
            assertThat(p.prompt()).startsWith("code_suggestions/generations/");
            assertThat(echo.requests).isEmpty();
        }
    }

    @Test
    void whatWouldFailTheFirstCallFailsResolutionWithTheSameMessage() {
        try (DuoClient duo = client()) {
            assertThatThrownBy(() -> duo.resolve("duo_chat_explain_code")).isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("UNSET_KEY_VAR");
            assertThatThrownBy(() -> duo.resolve("code_completions")).isInstanceOf(FeatureUnavailableException.class)
                    .hasMessageContaining("is disabled");
            assertThatThrownBy(() -> duo.resolve("no_such_feature")).isInstanceOf(UnknownFeatureException.class);
        }
    }
}
