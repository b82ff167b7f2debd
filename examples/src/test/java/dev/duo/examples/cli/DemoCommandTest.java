package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void runsCodeGenerationAndChatEndToEndAgainstTheLocalServer() {
        Cli.Result r = new Cli(dir).run("demo");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .as("the demo shows the calls as README writes them")
                .contains("-- DuoClient.forFeature(\"code_generation\").generate(...)")
                .contains("-- DuoClient.forFeature(\"duo_chat\").stream(...)")
                .doesNotContain("DuoClient.feature(")
                .contains("feature  code_generations")
                .contains("feature  duo_chat")
                .contains("model    " + DemoCommand.MODEL + " (family mistral)")
                .contains("prompt   code_suggestions/generations/")
                .contains("prompt   chat/react/")
                .contains("provider custom_openai")
                // the demo server echoes the request, so the answers prove the prompt went over the wire
                .contains("reverses a string")
                .contains("What does a code review look for first?")
                .contains("2 HTTP requests received at http://127.0.0.1:");
        assertThat(r.err()).isEmpty();
        assertThat(Files.exists(dir.resolve("duo.yml"))).as("the demo leaves duo.yml alone").isFalse();
    }
}
