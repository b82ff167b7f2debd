package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Message;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @TempDir
    Path dir;

    private Inputs inputs(String feature, String stdin) {
        Feature f = FeatureRegistry.bundled().get(feature);
        return new Inputs(f, dir, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), IllegalArgumentException::new);
    }

    @Test
    void optionsMakeTextListsAndFileValues() throws Exception {
        Files.writeString(dir.resolve("above.java"), "class A {\n");
        Map<String, Object> v = inputs("code_generation", "").options(List.of(
                "user_instruction=add a method", "libraries=junit", "libraries=assertj",
                "trimmed_content_above_cursor=@above.java", "file_name=@@odd.java", "language=a=b")).values();
        assertThat(v).containsEntry("user_instruction", "add a method")
                .containsEntry("libraries", List.of("junit", "assertj"))
                .containsEntry("trimmed_content_above_cursor", "class A {\n")
                .containsEntry("file_name", "@odd.java")
                .containsEntry("language", "a=b");
    }

    @Test
    void jsonFromStandardInputTakesListsAndConversations() {
        Map<String, Object> gen = inputs("code_generation", """
                {"user_instruction": "line 1\\nline 2", "related_files": ["a.java", "b.java"]}
                """).json("-").values();
        assertThat(gen).containsEntry("user_instruction", "line 1\nline 2")
                .containsEntry("related_files", List.of("a.java", "b.java"));

        Map<String, Object> chat = inputs("duo_chat", """
                {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
                """).json("-").values();
        assertThat(chat.get("messages")).isEqualTo(List.of(Message.user("hi"), Message.assistant("hello")));
    }

    @Test
    void optionsOverrideJsonAndMistakesAreNamed() throws Exception {
        Files.writeString(dir.resolve("in.json"), "{\"prefix\": \"old\"}");
        assertThat(inputs("code_completion", "").json("in.json").options(List.of("prefix=new")).values())
                .containsEntry("prefix", "new");

        assertThatThrownBy(() -> inputs("duo_chat", "{\"messages\": [{\"role\": \"robot\"}]}").json("-"))
                .hasMessageContaining("role 'robot'").hasMessageContaining("system, user or assistant");
        assertThatThrownBy(() -> inputs("code_completion", "[1]").json("-"))
                .hasMessageContaining("must hold a JSON object");
        assertThatThrownBy(() -> inputs("code_completion", "").json("nope.json"))
                .hasMessageContaining("nope.json does not exist");
    }
}
