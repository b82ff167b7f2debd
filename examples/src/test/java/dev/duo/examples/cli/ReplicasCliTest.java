package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with replicas ({@code endpoints:}) in {@code duo models list}, {@code features show} and {@code verify --probe}. */
class ReplicasCliTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void writeConfig(int... ports) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int p : ports) {
            list.append(list.isEmpty() ? "" : ", ").append("\"http://127.0.0.1:").append(p).append("/v1\"");
        }
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: pods, family: mistral, identifier: mistralai/m, endpoints: [%s] }
                features:
                  code_generations: { provider: self_hosted, model: pods }
                """.formatted(list));
    }

    private JsonNode endpointCheck(Cli.Result r) throws Exception {
        for (JsonNode row : new ObjectMapper().readTree(r.out())) {
            if (row.get("feature").asText().equals("code_generations")) {
                for (JsonNode c : row.get("checks")) {
                    if (c.get("check").asText().equals("endpoint")) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no endpoint check in " + r);
    }

    @Test
    void listShowAndVerifyNameEveryReplica() throws Exception {
        int down = closedPort();
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            writeConfig(a.getLocalPort(), down, b.getLocalPort());

            Cli.Result list = cli().run("models", "list", "--json");
            assertThat(list.code()).as(list.toString()).isZero();
            JsonNode m = new ObjectMapper().readTree(list.out()).get(0);
            assertThat(m.get("endpoint").asText()).isEqualTo("http://127.0.0.1:" + a.getLocalPort() + "/v1");
            assertThat(m.get("endpoints")).hasSize(3);
            assertThat(m.get("endpoints").get(1).asText()).isEqualTo("http://127.0.0.1:" + down + "/v1");

            Cli.Result show = cli().run("features", "show", "code_generation");
            assertThat(show.out()).contains("replicas:", "http://127.0.0.1:" + down + "/v1");

            JsonNode unprobed = endpointCheck(cli().run("verify", "--json"));
            assertThat(unprobed.get("status").asText()).isEqualTo("skip");
            assertThat(unprobed.get("message").asText()).contains("3 replicas", "not probed: pass --probe");

            JsonNode probed = endpointCheck(cli().run("verify", "--json", "--probe"));
            assertThat(probed.get("status").asText()).as("one replica of three down").isEqualTo("warn");
            assertThat(probed.get("message").asText())
                    .contains("127.0.0.1:" + a.getLocalPort() + " up", "127.0.0.1:" + down + " DOWN",
                            "calls go to the replicas that are up");
        }
    }

    @Test
    void everyReplicaDownFailsTheCheck() throws Exception {
        writeConfig(closedPort(), closedPort());
        Cli.Result r = cli().run("verify", "--json", "--probe");
        assertThat(r.code()).isEqualTo(1);
        JsonNode check = endpointCheck(r);
        assertThat(check.get("status").asText()).isEqualTo("fail");
        assertThat(check.get("message").asText()).contains("no replica accepts connections");
    }

    @Test
    void aBadReplicaListIsRefusedNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: pods, family: mistral, identifier: mistralai/m, endpoints: [] }
                """);
        Cli.Result r = cli().run("models", "list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("empty endpoints list");
    }
}
