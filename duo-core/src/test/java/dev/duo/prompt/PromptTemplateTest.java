package dev.duo.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.feature.Feature;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a call's inputs may be, and the errors a caller sees when they are wrong. */
class PromptTemplateTest {

    static final PromptRegistry BUNDLED = BundledPromptsTest.REGISTRY;
    static final Feature EXPLAIN = TestFeatures.EXPLAIN_CODE;

    private static PromptTemplate explainCode() {
        return BUNDLED.select("chat/explain_code", ModelFamily.MISTRAL, "^1.0.0");
    }

    @Test
    void anInputNeitherDeclaredNorUsedListsTheDeclaredOnes() {
        assertThatThrownBy(() -> explainCode().render(EXPLAIN, Map.of("selected_text", "x", "langauge", "Go")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown input(s) langauge for feature duo_chat_explain_code: it declares selected_text "
                        + "(required), file_content, input, file_name, language. Did you mean language?");
    }

    @Test
    void anUnknownInputBesideEveryKnownOneIsStillNamed() {
        // the check counts the known names among the inputs: every one of them passed, and one more
        Map<String, Object> all = new HashMap<>(Map.of("selected_text", "x", "file_content", "y", "input", "z",
                "file_name", "a.go", "language", "Go"));
        assertThat(explainCode().render(EXPLAIN, all).messages()).isNotEmpty();
        all.put("langauge", "Go");
        assertThatThrownBy(() -> explainCode().render(EXPLAIN, all))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown input(s) langauge for feature duo_chat_explain_code");
        Map<String, Object> optionalNull = new HashMap<>(Map.of("selected_text", "x"));
        optionalNull.put("language", null);
        assertThat(explainCode().render(EXPLAIN, optionalNull).messages()).as("a known input bound to null is known")
                .isNotEmpty();
    }

    @Test
    void aMissingRequiredInputIsNamed() {
        assertThatThrownBy(() -> explainCode().render(EXPLAIN, Map.of("input", "what is this?")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("feature duo_chat_explain_code needs the required input(s) selected_text; "
                        + "the call did not pass them");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("selected_text", null);
        assertThatThrownBy(() -> explainCode().render(EXPLAIN, withNull))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("required input(s) selected_text");
    }

    @Test
    void nullInputsAreAClearError() {
        assertThatThrownBy(() -> explainCode().render(EXPLAIN, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("inputs of feature duo_chat_explain_code must not be null: pass Map.of() for a call "
                        + "without inputs");
    }

    @Test
    void absentOptionalInputsRenderEmpty() {
        RenderedPrompt p = BUNDLED.select("code_suggestions/generations", ModelFamily.GPT, "^1.0.0")
                .render(TestFeatures.CODE_GENERATIONS, Map.of("user_instruction", "a fizzbuzz function"));
        assertThat(p.messages()).hasSize(2);
        assertThat(p.messages().get(1)).isEqualTo(Message.user("""
                Instruction:
                <instruction>
                a fizzbuzz function
                </instruction>

                Write the code that goes at the cursor now. Output only code."""));
        assertThat(p.messages().get(0).content()).startsWith("You are an expert programmer working as");
    }

    @Test
    void inputsAreDataAndNeverRenderedAsTemplates() {
        String sneaky = "{{ 7 * 7 }} {% include 'x' %} {{ selected_text }}";
        RenderedPrompt p = explainCode().render(EXPLAIN, Map.of("selected_text", sneaky));
        assertThat(p.messages().get(1).content()).contains("<selected_code>\n" + sneaky + "\n</selected_code>");
    }

    @Test
    void aVariableThePromptNeedsMustBePassed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("glab_ask_git_command/base/1.0.0.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "prompt_template:\n  system: 'Repository: {{ repository }}, shell {{ shell }}'\n"
                + "  user: '{{ input }}'\n");
        PromptTemplate t = PromptRegistry.load(List.of(dir)).select("glab_ask_git_command", ModelFamily.GPT, "^1.0.0");
        assertThat(t.variables()).containsExactlyInAnyOrder("input", "repository", "shell");
        assertThatThrownBy(() -> t.render(TestFeatures.GLAB_ASK, Map.of("input", "undo")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("prompt " + file.toAbsolutePath() + " needs input(s) repository, shell that the call did "
                        + "not pass (feature glab_ask_git_command)");
        // Inputs the feature does not declare are fine when the chosen prompt uses them.
        RenderedPrompt p = t.render(TestFeatures.GLAB_ASK, Map.of("input", "undo", "repository", "duo",
                "shell", "zsh"));
        assertThat(p.messages()).containsExactly(Message.system("Repository: duo, shell zsh"), Message.user("undo"));
    }

    @Test
    void inputsOfTheWrongKindAreRejected() {
        assertThatThrownBy(() -> BUNDLED.select("code_suggestions/generations", ModelFamily.GPT, "^1.0.0")
                .render(TestFeatures.CODE_GENERATIONS, Map.of("user_instruction", "x", "libraries", "guava")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'libraries' of feature code_generations must be a list, got String");
        assertThatThrownBy(() -> BUNDLED.select("chat/react", ModelFamily.GPT, "^1.0.0")
                .render(TestFeatures.DUO_CHAT, Map.of("messages", "hello")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'messages' of feature duo_chat must be a List<dev.duo.Message> (the conversation), "
                        + "got String");
    }

    @Test
    void theConversationGoesAfterTheSystemMessagesAndBeforeAnyOtherTemplate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chat/react/gpt/1.0.0.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                prompt_template:
                  system: "You talk about {{ messages | length }} messages."
                  assistant: "Answer:"
                """);
        PromptTemplate t = PromptRegistry.load(List.of(dir)).select("chat/react", ModelFamily.GPT, "^1.0.0");
        RenderedPrompt p = t.render(TestFeatures.DUO_CHAT, Map.of("messages",
                List.of(Message.user("a"), Message.assistant("b"), Message.user("c"))));
        assertThat(p.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
                Role.USER, Role.ASSISTANT);
        assertThat(p.messages().get(0).content()).isEqualTo("You talk about 3 messages.");
        assertThat(p.messages().get(4).content()).isEqualTo("Answer:");
    }

    @Test
    void renderingFailuresNameThePrompt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chat/explain_code/gpt/1.0.0.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "prompt_template:\n  user: '{{ (selected_text | parse_json).name }}'\n");
        PromptTemplate t = PromptRegistry.load(List.of(dir)).select("chat/explain_code", ModelFamily.GPT, "^1.0.0");
        assertThat(t.render(EXPLAIN, Map.of("selected_text", "{\"name\": \"duo\"}")).messages())
                .containsExactly(Message.user("duo"));
        assertThatThrownBy(() -> t.render(EXPLAIN, Map.of("selected_text", "{not json")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("prompt chat/explain_code/gpt/1.0.0 failed to render prompt_template.user "
                        + "(template line 1): Invalid json value [" + file.toAbsolutePath() + "]");
    }

    @Test
    void rendersConcurrentlyFromOneTemplate() throws Exception {
        PromptTemplate t = BUNDLED.select("code_suggestions/generations", ModelFamily.CLAUDE_3, "^1.0.0");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String instruction = "task number " + i;
                results.add(pool.submit(() -> t.render(TestFeatures.CODE_GENERATIONS,
                        Map.of("user_instruction", instruction, "libraries", List.of("lib" + instruction)))
                        .messages().get(1).content().contains("<instruction>\n" + instruction + "\n</instruction>")));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
