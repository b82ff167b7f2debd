package dev.duo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.model.SelfHostedModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code endpoints:} key of a model (replicas of one model), read, written back, and refused when wrong. */
class ReplicaEndpointsConfigTest {

    @TempDir
    Path dir;

    private DuoConfig load(String modelLines) throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - name: Mistral on vLLM
                    family: mistral
                    identifier: custom_openai/mistralai/Mistral-7B-Instruct-v0.3
                """ + modelLines.indent(4));
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void readsTheReplicasInOrderAndWritesThemBack() throws Exception {
        DuoConfig c = load("endpoints: [http://vllm-0:8000/v1, http://vllm-1:8000/v1, http://vllm-2:8000/v1]");
        SelfHostedModel m = c.models().get("Mistral on vLLM");
        List<URI> expected = List.of(URI.create("http://vllm-0:8000/v1"), URI.create("http://vllm-1:8000/v1"),
                URI.create("http://vllm-2:8000/v1"));
        assertThat(m.replicas()).isEqualTo(expected);
        assertThat(m.effectiveEndpoints()).isEqualTo(expected);
        assertThat(m.endpoint()).as("code that calls one server calls the first").contains(expected.get(0));

        var entry = ConfigMapper.toFile(c, dir).models.get(0);
        assertThat(entry.endpoints).containsExactly("http://vllm-0:8000/v1", "http://vllm-1:8000/v1", "http://vllm-2:8000/v1");
        assertThat(entry.endpoint).as("not both keys").isNull();
        assertThat(ConfigMapper.toModel(entry, "again")).isEqualTo(m);
    }

    @Test
    void aSingleEndpointHasNoReplicas() throws Exception {
        SelfHostedModel m = load("endpoint: http://vllm-0:8000/v1").models().get("Mistral on vLLM");
        assertThat(m.replicas()).isEmpty();
        assertThat(m.effectiveEndpoints()).containsExactly(URI.create("http://vllm-0:8000/v1"));
    }

    @Test
    void bothKeysAreRefused() {
        assertThatThrownBy(() -> load("endpoint: http://vllm-0:8000/v1\nendpoints: [http://vllm-1:8000/v1]"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("models[0] (Mistral on vLLM)")
                .hasMessageContaining("sets both endpoint and endpoints: keep one");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> load("endpoints: []"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("models[0] (Mistral on vLLM)")
                .hasMessageContaining("empty endpoints list: list the replicas' URLs");
    }

    @Test
    void aDuplicateAfterNormalisationIsRefused() {
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0:8000/v1, 'HTTP://VLLM-0:8000/x/../v1/']"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lists the same replica twice in endpoints")
                .hasMessageContaining("http://vllm-0:8000/v1")
                .hasMessageContaining("list each replica once");
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0/v1, 'http://vllm-0:80/v1']"))
                .as("the default port made explicit")
                .hasMessageContaining("lists the same replica twice");
    }

    @Test
    void eachUrlIsCheckedAndNamed() {
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0:8000/v1, 'http://bob:secret@vllm-1:8000/v1']"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials (user:password@) in endpoints[1]")
                .hasMessageContaining("api_key: ${YOUR_KEY_VARIABLE}")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0:8000/v1, 'ftp://vllm-1/v1']"))
                .hasMessageContaining("endpoints[1] 'ftp://vllm-1/v1', which is not an http(s) URL");
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0:8000/v1, 'http://bad host/v1']"))
                .hasMessageContaining("endpoints[1] is not a URL");
        assertThatThrownBy(() -> load("endpoints: [http://vllm-0:8000/v1, null]"))
                .hasMessageContaining("an empty entry in endpoints[1]");
    }

    @Test
    void platformsWithOneEndpointRefuseAList() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - name: Haiku
                    family: claude_3
                    identifier: bedrock/anthropic.claude-3-5-haiku-20241022-v1:0
                    endpoints: [https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com]
                """);
        assertThatThrownBy(() -> DuoConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("platform bedrock serves one endpoint: use endpoint: url");
    }
}
