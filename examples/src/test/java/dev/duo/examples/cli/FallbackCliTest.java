package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.admin.DuoConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duo features assign F --model A --fallback B --fallback C}, and where show and list --json print the chain. */
class FallbackCliTest {

    @TempDir
    Path dir;

    @BeforeEach
    void models() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                  - { name: codestral, family: codestral, identifier: fireworks_ai/codestral }
                  - { name: claude, family: claude_3, identifier: bedrock/anthropic.claude }
                  - { name: gemma, family: codegemma, identifier: fireworks_ai/gemma }
                """);
    }

    private Cli cli() {
        return new Cli(dir);
    }

    @Test
    void assignWithFallbacksThenShowAndListThem() throws Exception {
        Cli.Result assign = cli().run("features", "assign", "code_generation", "--model", "codestral",
                "--fallback", "mixtral", "--fallback", "claude");
        assertThat(assign.code()).as(assign.toString()).isZero();
        assertThat(assign.out()).contains("is now served by codestral, falling back to mixtral, then claude.");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).features().get("code_generations").fallbackModels())
                .containsExactly("mixtral", "claude");
        assertThat(Files.readString(dir.resolve("duo.yml"))).contains("fallback_models:");

        Cli.Result show = cli().run("features", "show", "code_generation");
        assertThat(show.out()).contains("setting:         codestral, then mixtral, then claude")
                .contains("fallback models: mixtral, claude (in order");

        JsonNode all = new ObjectMapper().readTree(cli().run("features", "list", "--json").out());
        assertThat(all.get(0).get("setting").get("fallback_models")).extracting(JsonNode::asText).containsExactly("mixtral", "claude");
        assertThat(all.get(1).get("setting").get("fallback_models")).as("an array even when empty").isEmpty();
        assertThat(all.get(1).get("setting").get("fallback_models").isArray()).isTrue();

        Cli.Result again = cli().run("features", "assign", "code_generation", "--model", "codestral");
        assertThat(again.code()).isZero();
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).features().get("code_generations").fallbackModels())
                .as("assigning without --fallback clears them").isEmpty();
    }

    @Test
    void verifyProbeReportsEachModelOfTheRouteAndItsState() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (java.net.ServerSocket open = new java.net.ServerSocket(0)) {
            Files.writeString(dir.resolve("duo.yml"), """
                    models:
                      - { name: vllm, family: codestral, identifier: custom_openai/codestral, endpoint: "http://127.0.0.1:%d/v1",
                          circuit_breaker: { wait_in_open: 1m }, max_concurrent_requests: 8 }
                      - { name: backup, family: mixtral, identifier: custom_openai/mixtral, endpoint: "http://127.0.0.1:%d/v1",
                          circuit_breaker: { enabled: false } }
                    features:
                      code_generation: { provider: self_hosted, model: vllm, fallback_models: [backup] }
                    """.formatted(open.getLocalPort(), closedPort));
            Cli.Result r = cli().run("verify", "--probe");
            assertThat(r.out()).as(r.toString()).contains("Models (routing state of this process")
                    .contains("  vllm (serves code_generations): endpoint reachable 127.0.0.1:" + open.getLocalPort()
                            + "; circuit breaker on (opens at 50% of the last 10 calls, at least 5; open 60 s; 2 probes);"
                            + " max_concurrent_requests 8; state: circuit closed")
                    .contains("  backup (fallback for code_generations): endpoint UNREACHABLE: Cannot connect to 127.0.0.1:"
                            + closedPort)
                    .contains("circuit breaker off; concurrency unbounded");
            JsonNode rows = new ObjectMapper().readTree(cli().run("verify", "--json").out());
            assertThat(rows.get(0).get("setting").get("fallback_models")).extracting(JsonNode::asText).containsExactly("backup");
        }
    }

    @Test
    void badFallbacksAreRefusedNamingTheKeyAndTheFix() {
        Cli.Result self = cli().run("features", "assign", "code_generation", "--model", "codestral", "--fallback", "codestral");
        assertThat(self.code()).isEqualTo(1);
        assertThat(self.err()).contains("features.code_generations.fallback_models lists 'codestral', the feature's own model");

        Cli.Result unknown = cli().run("features", "assign", "code_generation", "--model", "codestral", "--fallback", "mixtrall");
        assertThat(unknown.code()).as("a name typed on the command line that does not exist is a usage error").isEqualTo(2);
        assertThat(unknown.err()).contains("No model named 'mixtrall'.").contains("Did you mean mixtral?");

        Cli.Result incompatible = cli().run("features", "assign", "duo_chat", "--model", "mixtral", "--fallback", "gemma");
        assertThat(incompatible.code()).isEqualTo(1);
        assertThat(incompatible.err()).contains("Codegemma is incompatible with the General Chat feature");
    }
}
