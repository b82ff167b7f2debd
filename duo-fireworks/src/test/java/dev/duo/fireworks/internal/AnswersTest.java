package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.Usage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming read of a whole answer gives what the tree read gives, and declines (null) every
 * answer it does not read the same way, so that the tree read handles it as it always did.
 */
class AnswersTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"a\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi \\u00e9\\n\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}",
        "{\"choices\":[{\"text\":\"raw\",\"finish_reason\":\"length\",\"logprobs\":{\"a\":[1,2,{\"b\":null}]}}],\"usage\":{}}",
        "{\"choices\":[{\"delta\":{\"content\":null},\"message\":{\"content\":\"m\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"first\"}},{\"message\":{\"content\":\"second\"}}],\"usage\":null}",
        "{\"choices\":[{\"message\":{}}],\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":2}}",
        "{\"model\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"tool_calls\":[{\"id\":\"t\"}],\"content\":\"c\"},"
                + "\"finish_reason\":null}],\"system_fingerprint\":null}",
        "{\"choices\":[{\"message\":{\"content\":\"a\"}}]} trailing",
        // declined: the tree read decides
        "{\"error\":{\"message\":\"boom\"}}",
        "{\"id\":null,\"choices\":[{\"message\":{\"content\":\"a\"}}]}",
        "{\"id\":7,\"choices\":[{\"message\":{\"content\":\"a\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"a\"},\"message\":{\"content\":\"b\"}}]}",
        "{\"choices\":[{\"text\":null,\"message\":{\"content\":\"b\"}}]}",
        "{\"choices\":[{\"finish_reason\":1,\"message\":{\"content\":\"b\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"b\"}}],\"usage\":{\"prompt_tokens\":\"12\"}}",
        "{\"choices\":[{\"message\":{\"content\":\"b\"}}],\"usage\":{\"prompt_tokens\":1.5}}",
        "{\"choices\":[],\"usage\":{}}",
        "{\"choices\":[\"x\"]}",
        "[1,2]",
        "",
        "{\"choices\":[{\"message\":{\"content\":\"b\"}",
    })
    void readsAsTheTreeReads(String body) throws Exception {
        Answers.Whole fast = Answers.whole(body);
        assertThat(Answers.whole(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("read from the bytes as from the text").isEqualTo(fast);
        JsonNode root;
        try {
            root = RequestBodies.JSON.readTree(body);
        } catch (java.io.IOException e) {
            assertThat(fast).isNull();
            return;
        }
        boolean ordinary = root != null && root.isObject() && !root.has("error") && root.path("choices").isArray()
                && !root.path("choices").isEmpty() && root.path("choices").get(0).isObject();
        if (fast == null) {
            return; // declined: the tree read handles it, whatever it is
        }
        assertThat(ordinary).as("read an answer the tree read refuses").isTrue();
        JsonNode choice = root.get("choices").get(0);
        assertThat(fast.text()).isEqualTo(Answers.text(choice));
        assertThat(fast.finishWire()).isEqualTo(Answers.finishWire(choice));
        Usage usage = Answers.usage(root.get("usage"));
        assertThat(fast.usage()).isEqualTo(usage);
        assertThat(fast.id()).isEqualTo(root.path("id").asText(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"a\",\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3}}",
        "{\"choices\":[{\"text\":\"raw\"}]}",
    })
    void ordinaryAnswersAreReadWithoutATree(String body) {
        assertThat(Answers.whole(body)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void bytesThatAreNotUtf8AreLeftToTheTreeRead() {
        byte[] latin1 = "{\"choices\":[{\"text\":\"caf\u00e9\"}]}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(Answers.whole(latin1)).isNull();
    }
}
