package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code duo} says about configurations every call of which would be refused, and about broken YAML. */
class HostileConfigCliTest {

    @TempDir
    Path dir;

    private static final String KEY = "fw_fake_cli_key_for_tests_only_000";

    private JsonNode endpointCheck(String yaml, String feature, Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("duo.yml"), yaml);
        Cli cli = new Cli(dir);
        env.forEach(cli::env);
        Cli.Result r = cli.run("verify", "--json");
        assertThat(r.out()).doesNotContain(KEY);
        Map<String, JsonNode> checks = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(r.out())) {
            if (row.get("feature").asText().equals(feature)) {
                row.get("checks").forEach(c -> checks.put(c.get("check").asText(), c));
                assertThat(r.code()).as(r.toString()).isEqualTo(row.get("status").asText().equals("broken") ? 1 : 0);
            }
        }
        return checks.get("endpoint");
    }

    @Test
    void verifyReportsAKeyOverPlainHttpToARemoteHostWithItsFix() throws Exception {
        JsonNode e = endpointCheck("""
                models:
                  - { name: vllm, family: mixtral, identifier: custom_openai/m, endpoint: "http://vllm.internal:8000/v1",
                      api_key: "${VLLM_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: vllm }
                """, "code_generations", Map.of("VLLM_KEY", KEY));
        assertThat(e.get("status").asText()).isEqualTo("fail");
        assertThat(e.get("message").asText())
                .contains("Every call to model 'vllm' would be refused", "over plain HTTP to http://vllm.internal:8000/v1",
                        "use an https:// endpoint, or set allow_insecure_endpoint: true");
    }

    @Test
    void verifyReportsAKeyThroughAPlainProxyEvenToLoopback() throws Exception {
        JsonNode e = endpointCheck("""
                models:
                  - { name: local, family: mixtral, identifier: custom_openai/m, endpoint: "http://127.0.0.1:8000/v1",
                      api_key: "${VLLM_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: local }
                http: { proxy: "http://proxy.corp:3128" }
                """, "code_generations", Map.of("VLLM_KEY", KEY));
        assertThat(e.get("status").asText()).isEqualTo("fail");
        assertThat(e.get("message").asText()).contains("over plain HTTP through the proxy http://proxy.corp:3128");
    }

    @Test
    void verifyReportsAnEndpointOffTheAllowlistAfterNormalisation() throws Exception {
        JsonNode e = endpointCheck("""
                custom_models_enabled: false
                custom_endpoint_allowlist: [ "https://vllm.corp/v1" ]
                models:
                  - { name: sneaky, family: mixtral, identifier: custom_openai/m, endpoint: "https://vllm.corp/v1/../../admin/v1",
                      api_key: "${VLLM_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: sneaky }
                """, "code_generations", Map.of("VLLM_KEY", KEY));
        assertThat(e.get("status").asText()).isEqualTo("fail");
        assertThat(e.get("message").asText()).contains("custom models are disabled", "add it to custom_endpoint_allowlist");
    }

    @Test
    void verifyReportsABedrockTokenInClearText() throws Exception {
        JsonNode e = endpointCheck("""
                models:
                  - { name: br, family: claude_3, identifier: bedrock/anthropic.claude-3-5-haiku-20241022-v1:0,
                      endpoint: "http://bedrock.vpc.internal:8080" }
                features:
                  code_generations: { provider: self_hosted, model: br }
                """, "code_generations", Map.of("AWS_BEARER_TOKEN_BEDROCK", KEY));
        assertThat(e.get("status").asText()).isEqualTo("fail");
        assertThat(e.get("message").asText()).contains("AWS_BEARER_TOKEN_BEDROCK", "over plain HTTP to bedrock.vpc.internal");
    }

    @Test
    void aSafeLoopbackModelStillPasses() throws Exception {
        JsonNode e = endpointCheck("""
                models:
                  - { name: local, family: mixtral, identifier: custom_openai/m, endpoint: "http://127.0.0.1:8000/v1",
                      api_key: "${VLLM_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: local }
                """, "code_generations", Map.of("VLLM_KEY", KEY));
        assertThat(e.get("status").asText()).isEqualTo("skip"); // not probed without --probe; not refused
    }

    @Test
    void anAnswerWithEscapeSequencesIsShownEscapedOnATerminalAndKeptWhenPiped() throws Exception {
        try (dev.duo.testkit.FakeOpenAiServer server = dev.duo.testkit.FakeOpenAiServer.builder()
                .answerWith(p -> "line 1\n\u001b]0;pwned\u0007\u001b[2Jline 2").start()) {
            Files.writeString(dir.resolve("duo.yml"), """
                    models:
                      - { name: fake, family: mixtral, identifier: custom_openai/m, endpoint: "%s" }
                    features:
                      code_generations: { provider: self_hosted, model: fake }
                    """.formatted(server.endpoint()));
            for (String mode : new String[] {"--no-stream", "--stream"}) {
                String[] args = mode.equals("--stream")
                        ? new String[] {"generate", "code_generation", "--input", "user_instruction=x", "--stream"}
                        : new String[] {"generate", "code_generation", "--input", "user_instruction=x"};
                Cli.Result onTerminal = new Cli(dir).terminal(true).run(args);
                assertThat(onTerminal.code()).as(onTerminal.toString()).isZero();
                assertThat(onTerminal.out()).as(mode).contains("line 1\n\\u001b]0;pwned\\u0007\\u001b[2Jline 2")
                        .doesNotContain("\u001b", "\u0007");
                Cli.Result piped = new Cli(dir).run(args);
                assertThat(piped.out()).as(mode).contains("\u001b]0;pwned\u0007");
            }
        }
    }

    @Test
    void aYamlSyntaxErrorIsPrintedWithItsLineLayoutSoTheCaretPointsAtTheColumn() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), "http:\n  proxy: http://proxy:3128\n truststore: x\n");
        Cli.Result r = new Cli(dir).run("models", "list");
        assertThat(r.code()).isEqualTo(1);
        String[] lines = r.err().split("\\R");
        int quoted = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("     truststore: x")) {
                quoted = i;
            }
        }
        assertThat(quoted).as(r.toString()).isPositive();
        // The caret sits under column 2 of the quoted line ("    " is SnakeYAML's indent of the excerpt).
        assertThat(lines[quoted + 1]).isEqualTo("     ^");
        assertThat(lines[0]).contains("duo.yml, line 3, column 2: YAML syntax error:");
    }
}
