package dev.duo.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields newer gateway files use: split system prompts, placeholders, gateway-only keys. */
class GatewayFieldsTest {

    @TempDir
    Path dir;

    private PromptTemplate load(String path, String yaml) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThat(r.problems()).isEmpty();
        String[] parts = path.split("/");
        String version = parts[parts.length - 1].replace(".yml", "");
        String family = parts[parts.length - 2];
        String id = String.join("/", List.of(parts).subList(0, parts.length - 2));
        return r.find(id, family, version).orElseThrow();
    }

    @Test
    void staticAndDynamicSystemPartsAreTwoSystemMessagesStaticFirst() throws IOException {
        PromptTemplate t = load("chat/agent/base/1.0.0.yml", """
                prompt_template:
                  system_dynamic: "now: {{ now }}"
                  system_static: You are Duo.
                  user: "{{ q }}"
                """);
        RenderedPrompt r = t.render(Map.of("now", "monday", "q", "hi"));
        // File order is kept (as the gateway keeps it); the parts say which is the cacheable prefix.
        assertThat(r.messages()).containsExactly(Message.system("now: monday"), Message.system("You are Duo."),
                Message.user("hi"));
        assertThat(r.parts()).containsExactly("system_dynamic", "system_static", "user");
    }

    @Test
    void aPlaceholderExpandsItsListInputThereAndNothingWhenAbsent() throws IOException {
        PromptTemplate t = load("conversation_compaction/base/1.0.0.yml", """
                prompt_template:
                  system: Summarise.
                  placeholder: history
                  user: "{{ q }}"
                """);
        assertThat(t.acceptedInputs()).containsExactly("history", "q");
        RenderedPrompt none = t.render(Map.of("q", "go"));
        assertThat(none.messages()).containsExactly(Message.system("Summarise."), Message.user("go"));
        RenderedPrompt some = t.render(Map.of("q", "go", "history", List.of(Message.user("a"),
                Map.of("role", "assistant", "content", "b"))));
        assertThat(some.messages()).containsExactly(Message.system("Summarise."), Message.user("a"),
                Message.assistant("b"), Message.user("go"));
        assertThat(some.parts()).containsExactly("system", "placeholder", "placeholder", "user");
        assertThatThrownBy(() -> t.render(Map.of("q", "go", "history", "text")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'history' of prompt conversation_compaction/base/1.0.0 fills a placeholder: "
                        + "pass a list of messages, got String");
        assertThatThrownBy(() -> t.render(Map.of("q", "go", "history", List.of(Map.of("role", "robot", "content", "x")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'history' of prompt conversation_compaction/base/1.0.0: Unknown message role "
                        + "'robot': use one of system, user, assistant");
    }

    @Test
    void aFeaturesConversationGoesWhereThePlaceholderNamesIt() throws IOException {
        PromptTemplate t = load("chat/react/base/9.0.0.yml", """
                prompt_template:
                  system: Be brief.
                  user: Answer the last question.
                  placeholder: messages
                """);
        RenderedPrompt r = t.render(TestFeatures.DUO_CHAT, Map.of("messages", List.of(Message.user("why?"))));
        assertThat(r.messages()).containsExactly(Message.system("Be brief."), Message.user("Answer the last question."),
                Message.user("why?"));
    }

    @Test
    void gatewayOnlyKeysAreAcceptedAndNeverSent() throws IOException {
        PromptTemplate t = load("review_merge_request/claude/1.0.0.yml", """
                name: Review
                operation_type: review
                unit_primitive: review_merge_request
                model:
                  name: claude
                  params:
                    max_tokens: 8_192
                    max_retries: 1
                  provider_params:
                    openai:
                      verbosity: low
                prompt_template:
                  user: "{{ diff }}"
                params:
                  timeout: 60
                  vertex_location: global
                  cache_control_injection_points:
                    - location: message
                      index: 0
                """);
        assertThat(t.params()).isEqualTo(ModelParams.builder().maxTokens(8192)
                .timeout(java.time.Duration.ofSeconds(60)).build());
    }

    @Test
    void renderingWithoutAFeatureChecksNamesAgainstTheTemplates() throws IOException {
        PromptTemplate t = load("categorize_question/base/1.0.0.yml", """
                prompt_template:
                  user: "{% with q = question %}{{ q }}{% endwith %} {{ previous_answer }}"
                """);
        // A name a with binds is still accepted as an input, as the gateway collects it.
        assertThat(t.acceptedInputs()).containsExactly("previous_answer", "q", "question");
        assertThat(t.render(Map.of("question", "why", "previous_answer", "because", "q", "ignored"))
                .messages().get(0).content()).isEqualTo("why because");
        assertThatThrownBy(() -> t.render(Map.of("question", "why", "previous_answr", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown input(s) previous_answr for prompt categorize_question/base/1.0.0: its templates "
                        + "use previous_answer, q, question. Did you mean previous_answer?");
        assertThatThrownBy(() -> t.render(Map.of("question", "why")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("needs input(s) previous_answer that the call did not pass");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("question", null);
        withNull.put("previous_answer", "b");
        assertThat(t.render(withNull).messages().get(0).content()).isEqualTo("None b");
    }

    @Test
    void aModelFamilysLookupStillFindsTheseFiles() throws IOException {
        load("chat/agent/base/1.0.0.yml", "prompt_template:\n  system_static: a\n  system_dynamic: b\n  user: c\n");
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThat(r.select("chat/agent", ModelFamily.GPT, "^1.0.0").render(Map.of()).messages())
                .extracting(Message::role).containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER);
    }
}
