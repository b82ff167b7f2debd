package dev.duo.config;

import dev.duo.admin.DuoConfigLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The duo.yml keys of Azure OpenAI and Vertex AI models: api_version, project, region/location, credentials_file. */
class PlatformKeysConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsAzureAndVertexKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - name: gpt-4o on Azure
                    family: gpt
                    identifier: azure/my-gpt-4o
                    endpoint: https://my-resource.openai.azure.com
                    api_key: ${AZURE_OPENAI_API_KEY}
                    api_version: 2024-10-21
                  - name: Claude on Vertex
                    family: claude_3
                    identifier: vertex_ai/claude-sonnet-4@20250514
                    project: my-project
                    location: us-east5
                    credentials_file: ./sa.json
                """);
        DuoConfig c = DuoConfigLoader.load(file, Map.of(), dir);
        SelfHostedModel azure = c.models().get("gpt-4o on Azure");
        assertThat(azure.platform()).isEqualTo(ModelIdentifier.AZURE);
        assertThat(azure.identifier().modelId()).isEqualTo("my-gpt-4o");
        assertThat(azure.apiVersion()).contains("2024-10-21");
        SelfHostedModel vertex = c.models().get("Claude on Vertex");
        assertThat(vertex.platform()).isEqualTo(ModelIdentifier.VERTEX_AI);
        assertThat(vertex.identifier().modelId()).isEqualTo("claude-sonnet-4@20250514");
        assertThat(vertex.project()).contains("my-project");
        assertThat(vertex.region()).contains("us-east5");
        assertThat(vertex.credentialsFile()).as("relative to duo.yml").contains(dir.resolve("sa.json").toString());

        // Written back and read again, nothing is lost.
        var entry = ConfigMapper.toFile(c, dir).models.get(1);
        assertThat(entry.project).isEqualTo("my-project");
        assertThat(entry.region).isEqualTo("us-east5");
        assertThat(entry.credentialsFile).isEqualTo("./sa.json");
        assertThat(ConfigMapper.toFile(c, dir).models.get(0).apiVersion).isEqualTo("2024-10-21");
    }

    @Test
    void regionAndLocationMustAgree() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: v, family: gemini, identifier: vertex_ai/gemini-2.0-flash, project: p, region: us-central1, location: europe-west4 }
                """);
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'region' (us-central1) and 'location' (europe-west4) disagree")
                .hasMessageContaining("keep one");
    }

    @Test
    void anAzureModelNeedsItsResourceEndpoint() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: a, family: gpt, identifier: azure/my-deployment }
                """);
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Azure OpenAI deployment")
                .hasMessageContaining("https://my-resource.openai.azure.com");
    }
}
