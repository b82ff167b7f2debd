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
        assertThat(json.out()).contains("\"id\" : \"chat/react\"", "\"family\" : \"llama3\"", "\"source\" : \"bundled\"");
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
        assertThat(unknownId.err()).contains("no prompt chat/nothing for model family gpt: tried families gpt, base");

        Cli.Result folder = cli().run("prompts", "render", "chat/explain_code", "--family", "gtp");
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err()).contains("--family: prompt chat/explain_code has no folder 'gtp' and it is not a "
                + "model family. Its folders: base");

        Cli.Result missing = cli().run("prompts", "render", "chat/explain_code", "--family", "gpt");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("needs the input selected_text");

        Cli.Result noFile = cli().run("prompts", "show", "chat/nothing", "--family", "mixtral");
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.out() + noFile.err()).contains("mixtral", "mistral", "base");
    }

    @Test
    void rendersAPromptNoFeatureUsesWithObjectInputsInAnyFamilyFolder() throws Exception {
        java.nio.file.Path prompts = dir.resolve("prompts/categorize_question/gpt_5");
        Files.createDirectories(prompts);
        Files.writeString(prompts.resolve("1.0.1.yml"), """
                name: Categorize
                model:
                  params: { max_tokens: 100 }
                prompt_template:
                  system_static: Classify.
                  system_dynamic: "{% for t in tools %}{{ t.name }}{% if not loop.last %}, {% endif %}{% endfor %}"
                  user: "{{ question }} {{ flags }} {{ override }}"
                params:
                  timeout: 30
                """);
        Files.writeString(dir.resolve("duo.yml"), "prompts:\n  directories: [ ./prompts ]\n");
        Files.writeString(dir.resolve("in.json"), "{\"tools\": [{\"name\": \"grep\"}, {\"name\": \"ls\"}], "
                + "\"question\": \"why?\", \"flags\": [true, null], \"override\": null}");
        Cli.Result r = cli().run("prompts", "render", "categorize_question", "--family", "gpt_5", "--version", "1.0.1",
                "--inputs-json", "in.json", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out())).isEqualTo(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                        {"prompt": "categorize_question/gpt_5/1.0.1",
                         "file": "%s",
                         "messages": [
                           {"role": "system", "part": "system_static", "content": "Classify."},
                           {"role": "system", "part": "system_dynamic", "content": "grep, ls"},
                           {"role": "user", "part": "user", "content": "why? [True, None] None"}],
                         "params": {"max_tokens": 100, "timeout": 30.0}}
                        """.formatted(prompts.resolve("1.0.1.yml").toAbsolutePath().toString().replace("\\", "\\\\"))));
        Cli.Result text = cli().run("prompts", "render", "categorize_question", "--family", "gpt_5",
                "--inputs-json", "in.json");
        assertThat(text.out()).as(text.toString()).contains("--- system (system_static) ---", "--- user ---");
        Cli.Result typo = cli().run("prompts", "render", "categorize_question", "--family", "gpt_5",
                "--input", "questoin=x");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("the prompt takes no input 'questoin'. Its templates use: flags, override, "
                + "question, tools");
    }
}
