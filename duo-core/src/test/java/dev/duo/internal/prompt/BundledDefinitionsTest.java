package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled prompt definitions bound at build time are exactly what reading the files gives. */
class BundledDefinitionsTest {

    @Test
    void everyBundledDefinitionIsIndexedAsTheReadersReadIt() throws IOException {
        int files = 0;
        for (String path : PromptRoot.classpath().files()) {
            if (!path.endsWith(".yml")) {
                continue;
            }
            files++;
            String text = PromptRoot.classpath().read(path);
            BundledDefinitions.Definition d = BundledDefinitions.find(text);
            assertThat(d).as(path + ": definitions.index is made at process-classes by the exec step in duo-core's pom")
                    .isNotNull();
            assertThat(d.yaml()).as(path).isEqualTo(PromptYamlBinder.bind(text)).isEqualTo(JacksonDefinitionReader.read(path, text));
            assertThat(d.positions()).as(path).isEqualTo(JacksonDefinitionReader.templatePositions(text));
            assertThat(DefinitionReader.read(path, text)).isSameAs(d.yaml());
            // Any other text, even one character apart, is read from the file.
            assertThat(BundledDefinitions.find(text + " ")).isNull();
            assertThat(DefinitionReader.read(path, text + "\n")).isEqualTo(d.yaml());
        }
        assertThat(files).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyShapeTheBinderMakesRoundTrips() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("a.yml", "name: all\nmodel:\n  name: m\n  config_file: c\n  params:\n    temperature: 0.5\n    max_tokens: 10\n"
                + "    top_p: 1\n    top_k: 40\n    max_retries: 99999999999\n    model_class_provider: x\n"
                + "    custom_llm_provider: ~\n  provider_params:\n    a: [1, 2.5, true, t, ~, {b: c}]\n"
                + "unit_primitives: [u, v]\noperation_type: op\nprompt_template:\n  system: |\n    s {{ x }}\n"
                + "  user: 'u'\n  placeholder: history\nparams:\n  timeout: 2.5\n  stop: [\"\\n\"]\n"
                + "  cache_control_injection_points: [{location: message}]\n  vertex_location: us\n");
        texts.put("b.yml", "unit_primitive: one\nprompt_template:\n  prompt: raw\n");
        texts.put("c.yml", "model:\n  name: only\nprompt_template:\n  user: hi\nparams: {}\n");
        Map<String, BundledDefinitions.Definition> back = BundledDefinitions.decode(BundledDefinitions.encode(texts));
        assertThat(back).hasSize(3);
        texts.forEach((name, text) -> {
            assertThat(back.get(text).yaml()).as(name).isEqualTo(JacksonDefinitionReader.read(name, text));
            assertThat(back.get(text).positions()).as(name).isEqualTo(JacksonDefinitionReader.templatePositions(text));
        });
        assertThat(BundledDefinitions.decode(new byte[] {0, 0, 0, 0})).isEmpty();
    }
}
