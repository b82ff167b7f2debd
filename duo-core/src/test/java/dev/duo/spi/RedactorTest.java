package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.model.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor r = Redactor.of(List.of(Secret.of("s3cr3t-value-1234")));

    @Test
    void masksKnownSecretValuesAnywhere() {
        assertThat(r.redact("key=abc s3cr3t-value-1234 and xs3cr3t-value-1234x"))
                .doesNotContain("s3cr3t-value-1234").contains("****");
    }

    @Test
    void masksSensitiveHeadersWhateverTheirValue() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer abc.def");
        h.put("X-Api-Key", "k");
        h.put("X-Amz-Security-Token", "tok");
        h.put("Content-Type", "application/json");
        assertThat(r.headers(h)).containsExactly(Map.entry("Authorization", "****"), Map.entry("X-Api-Key", "****"),
                Map.entry("X-Amz-Security-Token", "****"), Map.entry("Content-Type", "application/json"));
        assertThat(Redactor.isSensitiveHeader("proxy-authorization")).isTrue();
        assertThat(Redactor.isSensitiveHeader("accept")).isFalse();
    }

    @Test
    void masksSecretsByPatternInBodiesUrlsAndDumps() {
        String text = """
                POST https://api.example.com/v1/chat?api_key=abc123&model=m
                Authorization: Bearer eyJhbGciOi.J9
                {"api_key": "sk-live-1", "aws_secret_access_key":"wJalr/XUtn", "sessionToken": "IQoJb3"}
                Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/bedrock/aws4_request, Signature=0123456789abcdef0123456789abcdef
                fireworks key fw_ABCDEFGHIJKLMNOPQRST
                """;
        String out = Redactor.PATTERNS_ONLY.redact(text);
        for (String secret : List.of("abc123", "eyJhbGciOi.J9", "sk-live-1", "wJalr/XUtn", "IQoJb3", "AKIAIOSFODNN7EXAMPLE",
                "0123456789abcdef0123456789abcdef", "fw_ABCDEFGHIJKLMNOPQRST")) {
            assertThat(out).as(secret).doesNotContain(secret);
        }
        assertThat(out).contains("model=m").contains("https://api.example.com/v1/chat");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "ModelParams{maxTokens=256, temperature=0.1} usage=Usage[inputTokens=3, outputTokens=4]";
        assertThat(Redactor.PATTERNS_ONLY.redact(text)).isEqualTo(text);
        assertThat(Redactor.PATTERNS_ONLY.redact(null)).isNull();
    }
}
