package dev.duo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.MissingCredentialsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final String KEY = "fw_3ZabcdefghijklmnopqrstuvWXYZ";

    @Test
    void referencesResolveFromTheEnvironmentWhenUsed() {
        ApiKey k = ApiKey.parse("${FIREWORKS_AI_API_KEY}");
        assertThat(k.isLiteral()).isFalse();
        assertThat(k.reference()).isEqualTo("${FIREWORKS_AI_API_KEY}");
        assertThat(k.resolve(Map.of("FIREWORKS_AI_API_KEY", KEY)).reveal()).isEqualTo(KEY);
    }

    @Test
    void anUnsetVariableNamesItAndHowToSetIt() {
        ApiKey k = ApiKey.parse("${FIREWORKS_AI_API_KEY}");
        assertThatThrownBy(() -> k.resolve(Map.of()))
                .isInstanceOf(MissingCredentialsException.class)
                .hasMessageContaining("FIREWORKS_AI_API_KEY is not set")
                .hasMessageContaining("export FIREWORKS_AI_API_KEY=");
    }

    @Test
    void literalsNeverShowTheirValue() {
        ApiKey k = ApiKey.parse(KEY);
        assertThat(k.isLiteral()).isTrue();
        assertThat(k.reference()).isEqualTo("<literal>");
        assertThat(k.toString()).doesNotContain(KEY);
        assertThat(k.resolve(Map.of()).toString()).doesNotContain(KEY).isEqualTo("Secret[****]");
        SelfHostedModel m = SelfHostedModel.builder().name("m").family(ModelFamily.GPT)
                .identifier("openai/gpt-4o").apiKey(k).build();
        assertThat(m.toString()).doesNotContain(KEY).contains("<literal>");
    }
}
