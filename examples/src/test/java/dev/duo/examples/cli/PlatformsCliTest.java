package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.FakeVertexServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duo generate code_generation}, as a new user runs it, against the fake Azure OpenAI and
 * Vertex AI servers, with the duo.yml blocks of README's "Azure OpenAI and Google Vertex AI" section
 * copied as they are (only the endpoint pointed at the fake), whole and streamed.
 */
class PlatformsCliTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String SECTION = "## Azure OpenAI and Google Vertex AI";

    @TempDir
    Path dir;

    /** The yaml blocks of README's section, in order. */
    private static List<String> readmeYaml() throws IOException {
        assumeTrue(Files.isRegularFile(README), "README.md is beside the examples module");
        String text = Files.readString(README);
        int start = text.indexOf(SECTION);
        assertThat(start).as("README has the section " + SECTION).isNotNegative();
        int end = text.indexOf("\n## ", start + SECTION.length());
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("```yaml\n", at)) >= 0) {
            int close = section.indexOf("```", at + 8);
            blocks.add(section.substring(at + 8, close));
            at = close + 3;
        }
        assertThat(blocks).hasSize(2);
        return blocks;
    }

    private Cli.Result generate(Cli cli, boolean stream) {
        List<String> args = new ArrayList<>(List.of("generate", "code_generation", "--input",
                "user_instruction=a CSV parser", "--input", "language=java"));
        if (stream) {
            args.add("--stream");
        }
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void azureFromTheReadme() throws IOException {
        String yaml = readmeYaml().get(0);
        try (FakeAzureOpenAiServer azure = FakeAzureOpenAiServer.builder().deployment("my-gpt-4o")
                .apiKey("azure-fake-cli-key").start()) {
            Files.writeString(dir.resolve("duo.yml"), yaml.replace("https://my-resource.openai.azure.com",
                    azure.endpoint().toString()));
            Cli cli = new Cli(dir).env("AZURE_OPENAI_API_KEY", "azure-fake-cli-key");
            for (boolean stream : new boolean[] {false, true}) {
                Cli.Result r = generate(cli, stream);
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out()).as(r.toString()).contains("a CSV parser");
            }
            assertThat(azure.requests()).hasSize(2).allSatisfy(q -> {
                assertThat(q.path()).isEqualTo("/openai/deployments/my-gpt-4o/chat/completions");
                assertThat(q.query()).isEqualTo("api-version=2024-10-21");
                assertThat(q.header("api-key")).isEqualTo("azure-fake-cli-key");
            });
        }
    }

    @Test
    void vertexFromTheReadme() throws IOException {
        String yaml = readmeYaml().get(1);
        try (FakeVertexServer vertex = FakeVertexServer.builder().start()) {
            Files.writeString(dir.resolve("vertex-sa.json"), vertex.serviceAccountJson());
            String pointed = yaml.replaceFirst("# endpoint: \\S+", "endpoint: " + vertex.endpoint());
            assertThat(pointed).as("the README shows the endpoint override").contains("endpoint: " + vertex.endpoint());
            Files.writeString(dir.resolve("duo.yml"), pointed);
            Cli cli = new Cli(dir);
            for (boolean stream : new boolean[] {false, true}) {
                Cli.Result r = generate(cli, stream);
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out()).as(r.toString()).contains("a CSV parser");
            }
            assertThat(vertex.requests()).extracting(FakeVertexServer.ReceivedRequest::path).containsExactly(
                    "/v1/projects/my-gcp-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict",
                    "/v1/projects/my-gcp-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict");
            assertThat(vertex.tokenRequests()).as("each duo run signs in once").isEqualTo(2);
        }
    }

    @Test
    void aVertexModelWithoutARegionFailsWithTheFix() throws IOException {
        String yaml = readmeYaml().get(1);
        try (FakeVertexServer vertex = FakeVertexServer.builder().start()) {
            Files.writeString(dir.resolve("vertex-sa.json"), vertex.serviceAccountJson());
            Files.writeString(dir.resolve("duo.yml"), yaml.replaceFirst("(?m)^\\s*region: .*\\n", ""));
            Cli.Result r = generate(new Cli(dir), false);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("has no region: set region (or location) on the model");
        }
    }

    /** The credentials check of {@code duo verify} for code_generations, as JSON. */
    private static JsonNode credentialsCheck(Cli.Result r) throws IOException {
        for (JsonNode row : new ObjectMapper().readTree(r.out())) {
            if (row.get("feature").asText().equals("code_generations")) {
                for (JsonNode c : row.get("checks")) {
                    if (c.get("check").asText().equals("credentials")) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no credentials check for code_generations in " + r);
    }

    @Test
    void verifyChecksEachPlatformsCredentials() throws IOException {
        List<String> blocks = readmeYaml();
        Files.writeString(dir.resolve("duo.yml"), blocks.get(1));
        JsonNode vertex = credentialsCheck(new Cli(dir).run("verify", "--json"));
        assertThat(vertex.get("status").asText()).isEqualTo("fail");
        assertThat(vertex.get("message").asText()).contains("vertex-sa.json (credentials_file) cannot be read");

        Files.writeString(dir.resolve("vertex-sa.json"), "{}");
        assertThat(credentialsCheck(new Cli(dir).run("verify", "--json")).get("status").asText()).isEqualTo("ok");

        Files.writeString(dir.resolve("duo.yml"), blocks.get(0));
        JsonNode azure = credentialsCheck(new Cli(dir).run("verify", "--json"));
        assertThat(azure.get("status").asText()).isEqualTo("fail");
        assertThat(azure.get("message").asText()).contains("AZURE_OPENAI_API_KEY");
    }

    @Test
    void fakeServerPrintsAzureAndVertexModels() throws IOException {
        Cli.Result azure = new Cli(dir).run("fake-server", "--protocol", "azure", "--for", "0");
        assertThat(azure.code()).as(azure.toString()).isZero();
        assertThat(azure.out()).contains("identifier: azure/fake-deployment").contains("api_key: fake-azure-key");

        Cli.Result vertex = new Cli(dir).run("fake-server", "--protocol", "vertex", "--for", "0");
        assertThat(vertex.code()).as(vertex.toString()).isZero();
        assertThat(vertex.out()).contains("identifier: vertex_ai/claude-sonnet-4@20250514")
                .contains("project: fake-project").contains("credentials_file: ./fake-vertex-sa.json");
        assertThat(Files.readString(dir.resolve("fake-vertex-sa.json"))).contains("\"type\" : \"service_account\"")
                .contains("/token");
    }
}
