package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    private static Map<String, Map<String, JsonNode>> byFeature(String json) throws IOException {
        Map<String, Map<String, JsonNode>> out = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(json)) {
            Map<String, JsonNode> checks = new HashMap<>();
            row.get("checks").forEach(c -> checks.put(c.get("check").asText(), c));
            checks.put("_row", row);
            out.put(row.get("feature").asText(), checks);
        }
        return out;
    }

    @Test
    void reportsEachBrokenFeatureWithItsFixAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: fw, family: mixtral, identifier: fireworks_ai/x, api_key: "${FIREWORKS_AI_API_KEY}" }
                  - { name: gemma, family: codegemma, identifier: fireworks_ai/gemma, api_key: "${FIREWORKS_AI_API_KEY}" }
                  - { name: llama, family: llama3, identifier: fireworks_ai/llama, api_key: "${FIREWORKS_AI_API_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: fw }
                  code_completions: { provider: self_hosted, model: gone }
                  duo_chat: { provider: self_hosted, model: gemma }
                  duo_chat_explain_code: { provider: self_hosted, model: llama }
                  duo_chat_fix_code: { provider: disabled }
                  duo_chat_write_tests: { provider: vendored }
                """);
        Cli.Result r = cli().run("verify", "--json");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        Map<String, Map<String, JsonNode>> rows = byFeature(r.out());
        assertThat(rows).hasSize(16);

        Map<String, JsonNode> gen = rows.get("code_generations");
        assertThat(gen.get("model").get("status").asText()).isEqualTo("ok");
        assertThat(gen.get("family").get("status").asText()).isEqualTo("ok");
        assertThat(gen.get("credentials").get("status").asText()).isEqualTo("fail");
        assertThat(gen.get("credentials").get("message").asText()).contains("FIREWORKS_AI_API_KEY", "export");
        assertThat(gen.get("endpoint").get("status").asText()).isEqualTo("skip");

        Map<String, JsonNode> comp = rows.get("code_completions");
        assertThat(comp.get("_row").get("status").asText()).isEqualTo("broken");
        assertThat(comp.get("model").get("message").asText()).contains("No model named 'gone'", "duo models add");

        assertThat(rows.get("duo_chat").get("family").get("message").asText())
                .contains("Codegemma is incompatible with the General Chat feature\nModel 'gemma' is of the codegemma family");
        assertThat(rows.get("duo_chat_explain_code").get("beta").get("message").asText())
                .contains("BETA family llama3", "duo settings beta on");

        assertThat(rows.get("duo_chat_fix_code").get("_row").get("status").asText()).isEqualTo("not_configured");
        assertThat(rows.get("duo_chat_write_tests").get("_row").get("status").asText()).isEqualTo("not_configured");
        assertThat(rows.get("summarize_review").get("_row").get("setting").get("provider").asText()).isEqualTo("unassigned");

        Cli.Result table = cli().run("verify");
        assertThat(table.code()).isEqualTo(1);
        assertThat(table.out()).contains("FEATURE", "CREDENTIALS", "FAIL", "gone (missing)", "To fix:",
                "code_completions [model] No model named 'gone'",
                "Not configured (not broken):", "disabled: duo_chat_fix_code", "vendored: duo_chat_write_tests",
                "are broken");
    }

    @Test
    void credentialsFromTheEnvironmentPassAndAreNeverPrinted() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: fw, family: mixtral, identifier: fireworks_ai/x, api_key: "${FIREWORKS_AI_API_KEY}" }
                features:
                  code_generations: { provider: self_hosted, model: fw }
                """);
        Cli.Result r = cli().env("FIREWORKS_AI_API_KEY", "fw-secret-123").run("verify", "--json");
        assertThat(r.out() + r.err()).doesNotContain("fw-secret-123");
        Map<String, JsonNode> gen = byFeature(r.out()).get("code_generations");
        assertThat(gen.get("credentials").get("status").asText()).isEqualTo("ok");
        assertThat(gen.get("credentials").get("message").asText()).isEqualTo("${FIREWORKS_AI_API_KEY}");
    }

    @Test
    void probeConnectsToTheEndpoint() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0)) {
            Files.writeString(dir.resolve("duo.yml"), """
                    models:
                      - { name: up, family: mistral, identifier: mistralai/m, endpoint: "http://127.0.0.1:%d/v1" }
                      - { name: down, family: mistral, identifier: mistralai/m, endpoint: "http://127.0.0.1:%d/v1" }
                    features:
                      code_generations: { provider: self_hosted, model: up }
                      code_completions: { provider: self_hosted, model: down }
                    """.formatted(open.getLocalPort(), closedPort));
            Cli.Result r = cli().run("verify", "--json", "--probe");
            Map<String, Map<String, JsonNode>> rows = byFeature(r.out());
            assertThat(rows.get("code_generations").get("endpoint").get("status").asText()).isEqualTo("ok");
            JsonNode down = rows.get("code_completions").get("endpoint");
            assertThat(down.get("status").asText()).isEqualTo("fail");
            assertThat(down.get("message").asText()).contains("Cannot connect to 127.0.0.1:" + closedPort, "check the endpoint");
        }
    }

    @Test
    void nothingConfiguredIsNotBroken() {
        Cli.Result r = cli().run("verify");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("No feature is configured", "Not configured (not broken):", "unassigned: code_generations, code_completions");
    }
}
