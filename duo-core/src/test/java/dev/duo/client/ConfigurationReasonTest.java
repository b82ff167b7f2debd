package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duo.BetaNotEnabledException;
import dev.duo.ConfigurationException;
import dev.duo.ConfigurationException.Reason;
import dev.duo.DuoClient;
import dev.duo.FeatureUnavailableException;
import dev.duo.IncompatibleModelException;
import dev.duo.InvalidConfigException;
import dev.duo.InvalidInputException;
import dev.duo.InvalidRequestException;
import dev.duo.MissingCredentialsException;
import dev.duo.PromptNotFoundException;
import dev.duo.ProviderNotFoundException;
import dev.duo.UnknownFeatureException;
import dev.duo.UnknownModelException;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Configuration errors are one type with a machine-readable reason, and for one release they are
 * still instances of the deprecated subtypes users' {@code catch} blocks name.
 */
@SuppressWarnings("removal") // checks the deprecated subtypes on purpose
class ConfigurationReasonTest {

    @Test
    void callsThatTheConfigurationCannotServeSayWhyInReason() {
        SelfHostedModel keyless = SelfHostedModel.builder().name("Keyless").family(ModelFamily.MISTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/mistral").apiKey(ApiKey.parse("${UNSET_KEY_VAR}")).build();
        DuoConfig config = DuoConfig.builder().model(keyless)
                .feature("duo_chat_explain_code", FeatureSetting.selfHosted("Keyless"))
                .feature("code_completions", FeatureSetting.DISABLED).build();
        try (DuoClient duo = DuoClient.builder().config(config).environment(Map.of())
                .provider(new EchoProvider(Set.of("fireworks_ai"))).build()) {
            assertThat(reasonOf(() -> duo.resolve("no_such_feature"))).isEqualTo(Reason.UNKNOWN_FEATURE);
            assertThat(reasonOf(() -> duo.resolve("code_completions"))).isEqualTo(Reason.FEATURE_UNAVAILABLE);
            assertThat(reasonOf(() -> duo.resolve("duo_chat_explain_code"))).isEqualTo(Reason.MISSING_CREDENTIALS);
        }
    }

    @Test
    void ofGivesTheDeprecatedSubtypeOfEachReasonSoOldCatchBlocksStillCatch() {
        Map<Reason, Class<? extends ConfigurationException>> old = Map.of(
                Reason.UNKNOWN_FEATURE, UnknownFeatureException.class,
                Reason.UNKNOWN_MODEL, UnknownModelException.class,
                Reason.INCOMPATIBLE_MODEL, IncompatibleModelException.class,
                Reason.BETA_NOT_ENABLED, BetaNotEnabledException.class,
                Reason.FEATURE_UNAVAILABLE, FeatureUnavailableException.class,
                Reason.MISSING_CREDENTIALS, MissingCredentialsException.class,
                Reason.PROMPT_NOT_FOUND, PromptNotFoundException.class,
                Reason.PROVIDER_MODULE_MISSING, ProviderNotFoundException.class,
                Reason.INVALID_CONFIG, InvalidConfigException.class);
        for (Reason r : EnumSet.allOf(Reason.class)) {
            ConfigurationException e = ConfigurationException.of(r, "fix it");
            assertThat(e.reason()).isEqualTo(r);
            assertThat(e.getMessage()).isEqualTo("fix it");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getClass()).isEqualTo(old.getOrDefault(r, ConfigurationException.class));
        }
        // a subtype built directly carries its reason too
        assertThat(new InvalidConfigException("bad").reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(new ConfigurationException("plain").reason()).isEqualTo(Reason.OTHER);
    }

    @Test
    void aWrongInputIsAnInvalidRequest() {
        assertThat(new InvalidInputException("no input 'x'")).isInstanceOf(InvalidRequestException.class);
    }

    private static Reason reasonOf(Runnable call) {
        return catchThrowableOfType(ConfigurationException.class, call::run).reason();
    }
}
