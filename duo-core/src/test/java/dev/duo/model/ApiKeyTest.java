package dev.duo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.MissingCredentialsException;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void aReferenceIsWhatTheRegexOfEarlierVersionsMatched() {
        // ApiKey checks ${NAME} by hand (no regex compiled at start-up); this was its pattern.
        Pattern reference = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
        String alphabet = "${}_aZ09-. é";
        Random rnd = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder(rnd.nextBoolean() ? "${" : "");
            for (int n = rnd.nextInt(6); n > 0; n--) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String text = b.append(rnd.nextBoolean() ? "}" : "").toString();
            if (text.isBlank()) {
                continue;                       // not a key at all (Secret refuses it), either way
            }
            Matcher m = reference.matcher(text.trim());
            ApiKey k = ApiKey.parse(text);
            assertThat(k.isLiteral()).as(text).isEqualTo(!m.matches());
            if (!k.isLiteral()) {
                assertThat(k.variable()).as(text).contains(m.group(1));
            }
            String name = text.replace("${", "").replace("}", "");
            boolean valid = reference.matcher("${" + name + "}").matches();
            if (valid) {
                assertThat(ApiKey.fromEnv(name).variable()).contains(name);
            } else {
                assertThatThrownBy(() -> ApiKey.fromEnv(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("'" + name + "' is not an environment variable name");
            }
        }
    }
}
