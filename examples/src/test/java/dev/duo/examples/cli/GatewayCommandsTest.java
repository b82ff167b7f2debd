package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.FakeAiGateway;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duo generate} and {@code duo verify --probe} for features served through an AI gateway (the fake one). */
class GatewayCommandsTest {

    static final String TOKEN = "aigw-test-token-not-a-real-one";

    @TempDir
    Path dir;

    FakeAiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = FakeAiGateway.builder().token(TOKEN).denyPrompt("chat/refactor_code").start();
        write(gateway.url().toString());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private void write(String url) throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                ai_gateway:
                  url: %s
                  token: ${AIGW_TOKEN}
                models:
                  - name: Codestral on vLLM
                    family: codestral
                    identifier: custom_openai/mistralai/Codestral-22B-v0.1
                    endpoint: http://vllm.internal:8000/v1
                features:
                  duo_chat_explain_code: { provider: vendored }
                  code_generations: { provider: self_hosted, model: Codestral on vLLM, via: ai_gateway }
                """.formatted(url));
    }

    private Cli cli() {
        return new Cli(dir).env("AIGW_TOKEN", TOKEN);
    }

    @Test
    void generateAnswersThroughTheGateway() {
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=a CSV parser");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("a CSV parser");
        assertThat(gateway.promptCalls()).hasSize(1);
        assertThat(gateway.promptCalls().get(0).path()).isEqualTo("/v1/prompts/code_suggestions/generations");
    }

    @Test
    void generateStreamsThroughTheGateway() {
        Cli.Result r = cli().run("generate", "duo_chat_explain_code", "--input", "selected_text=int x = 1;", "--stream");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("int x = 1;");
        assertThat(gateway.promptCalls().get(0).body()).contains("\"stream\":true");
    }

    @Test
    void verifyProbesTheGatewayAndEachFeatureItServes() {
        Cli.Result r = cli().run("verify", "--probe");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("code_generations").contains("Codestral on vLLM (via ai_gateway)")
                .contains("duo_chat_explain_code").contains("(ai_gateway default)").contains("2 configured features resolve");
        assertThat(gateway.requests()).filteredOn(q -> q.path().equals("/monitoring/healthz")).hasSize(1);
        assertThat(gateway.promptCalls()).extracting(FakeAiGateway.ReceivedRequest::path)
                .containsExactlyInAnyOrder("/v1/prompts/code_suggestions/generations", "/v1/prompts/chat/explain_code");
    }

    @Test
    void featuresListShowsTheRoute() {
        Cli.Result r = cli().run("features", "list", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"via\" : \"ai_gateway\"");
        Cli.Result table = cli().run("features", "list");
        assertThat(table.out()).contains("Codestral on vLLM (via ai_gateway)").contains("vendored");
    }

    @Test
    void verifyWithoutProbeCallsNothing() {
        Cli.Result r = cli().run("verify");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(gateway.requestCount()).isZero();
    }

    @Test
    void verifyNamesAPromptTheTokenMayNotUse() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), Files.readString(dir.resolve("duo.yml"))
                + "  duo_chat_refactor_code: { provider: vendored }\n");
        Cli.Result r = cli().run("verify", "--probe");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("duo_chat_refactor_code [prompt]").contains("HTTP 403")
                .contains("Unauthorized to access 'chat/refactor_code'");
    }

    @Test
    void verifyReportsAGatewayThatIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        write("http://127.0.0.1:" + port);
        Cli.Result r = cli().run("verify", "--probe");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[endpoint] Cannot reach the AI gateway at http://127.0.0.1:" + port);
    }

    @Test
    void verifyReportsAnUnsetToken() {
        Cli.Result r = new Cli(dir).run("verify");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[credentials] ai_gateway.token").contains("AIGW_TOKEN");
    }
}
