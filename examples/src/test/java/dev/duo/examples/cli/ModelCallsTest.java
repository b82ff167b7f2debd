package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duo generate} and {@code duo chat} through a scripted model client and the bundled prompts. */
class ModelCallsTest {

    @TempDir
    Path dir;

    private final ScriptedModelClient model = new ScriptedModelClient();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                features:
                  code_generations: { provider: self_hosted, model: mixtral }
                  duo_chat: { provider: self_hosted, model: mixtral }
                """);
    }

    private Cli cli() {
        return new Cli(dir).client(b -> b.modelClient(model));
    }

    @Test
    void generatePrintsTheAnswer() {
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=a CSV parser",
                "--input", "language=java");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("answer 1\n");
        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).messages()).extracting(Message::content)
                .anySatisfy(c -> assertThat(c).contains("a CSV parser"));
    }

    @Test
    void generateStreams() throws Exception {
        Files.writeString(dir.resolve("task.txt"), "line one\nline two");
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=@task.txt", "--stream");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("answer 1\n");
        assertThat(model.requests.get(0).messages()).extracting(Message::content)
                .anySatisfy(c -> assertThat(c).contains("line one\nline two"));
    }

    @Test
    void chatKeepsTheConversationUntilExit() {
        Cli.Result r = cli().stdin("hello\n\nand then?\n/exit\nnever sent\n", false).run("chat");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("answer 1\nanswer 2\n");
        assertThat(model.requests).hasSize(2);
        List<Message> second = model.requests.get(1).messages().stream().filter(m -> m.role() != Role.SYSTEM).toList();
        assertThat(second).extracting(Message::content).containsSubsequence("hello", "answer 1", "and then?");
    }

    @Test
    void chatEndsAtTheEndOfInput() {
        Cli.Result r = cli().stdin("only one", false).run("chat", "duo_chat");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(model.requests).hasSize(1);
    }
}
