package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsCommandTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    @Test
    void listsBundledPromptsWithFamiliesVersionsAndSources() {
        Cli.Result r = cli().run("prompts", "list");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ID", "FAMILY", "VERSIONS", "SOURCE")
                .containsPattern("code_suggestions/completions\\s+codestral\\s+1\\.0\\.0\\s+bundled")
                .contains("chat/explain_code", "glab_ask_git_command");
        Cli.Result json = cli().run("prompts", "list", "--json");
        assertThat(json.out()).contains("\"id\" : \"chat/react\"", "\"family\" : \"claude_3\"", "\"source\" : \"bundled\"");
    }

    @Test
    void showExplainsTheFamilyFallback() {
        Cli.Result r = cli().run("prompts", "show", "chat/explain_code", "--family", "mixtral");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mixtral", "mistral", "base", "chat/explain_code/base/1.0.0", "variables");
    }

    @Test
    void aUserDirectoryOverridesTheBundledFileAndShowSaysSo() throws Exception {
        Path prompts = dir.resolve("prompts/chat/explain_code/mixtral");
        Files.createDirectories(prompts);
        Files.writeString(prompts.resolve("1.0.0.yml"), """
                name: Explain code, our way
                model:
                  params: { temperature: 0.0 }
                unit_primitive: explain_code
                prompt_template:
                  system: You explain code to new team members.
                  user: "Explain: {{ selected_text }}"
                """);
        Files.writeString(dir.resolve("duo.yml"), "prompts:\n  directories: [ ./prompts ]\n");
        Cli.Result r = cli().run("prompts", "show", "chat/explain_code", "--family", "mixtral");
        assertThat(r.out()).as(r.toString()).contains("chat/explain_code/mixtral/1.0.0").contains(prompts.toString());
        Cli.Result rendered = cli().run("prompts", "render", "chat/explain_code", "--family", "mixtral",
                "--input", "selected_text=x = 1");
        assertThat(rendered.out()).contains("--- system ---", "You explain code to new team members.",
                "--- user ---", "Explain: x = 1");
    }

    @Test
    void renderPrintsTheMessagesACallWouldSend() {
        Cli.Result r = cli().run("prompts", "render", "code_suggestions/completions", "--family", "codestral",
                "--input", "prefix=def fib(n):", "--input", "suffix=print(fib(10))");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("code_suggestions/completions/codestral/1.0.0", "mode TEXT",
                "[SUFFIX]print(fib(10))", "[PREFIX]def fib(n):");
    }

    @Test
    void mistakesGetMessagesThatSayWhatToDo() {
        Cli.Result family = cli().run("prompts", "show", "chat/explain_code", "--family", "mixtrl");
        assertThat(family.code()).isEqualTo(2);
        assertThat(family.err()).contains("unknown model family 'mixtrl'", "Did you mean mixtral");

        Cli.Result unknownId = cli().run("prompts", "render", "chat/nothing", "--family", "gpt");
        assertThat(unknownId.code()).isEqualTo(1);
        assertThat(unknownId.err()).contains("No feature uses the prompt id 'chat/nothing'", "chat/explain_code");

        Cli.Result missing = cli().run("prompts", "render", "chat/explain_code", "--family", "gpt");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("needs the input selected_text");

        Cli.Result noFile = cli().run("prompts", "show", "chat/nothing", "--family", "mixtral");
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.out() + noFile.err()).contains("mixtral", "mistral", "base");
    }
}
