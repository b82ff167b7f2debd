package dev.duo.prompt;

import dev.duo.admin.PromptListing;
import dev.duo.admin.PromptProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken user prompt files: each reported with its file and line, none stopping the registry. */
class PromptProblemsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void goodPrompt() throws IOException {
        write("glab_ask_git_command/gpt/1.0.0.yml", "prompt_template:\n  user: '{{ input }}'\n");
    }

    private String write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p.toAbsolutePath().toString();
    }

    private PromptProblem onlyProblem() {
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThat(r.problems()).hasSize(1);
        // The rest of the registry still works.
        assertThat(r.select("glab_ask_git_command", ModelFamily.GPT, "^1.0.0").family()).isEqualTo("gpt");
        return r.problems().get(0);
    }

    @Test
    void malformedYamlNamesFileAndLine() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", """
                name: Fix
                prompt_template:
                  user: hi
                 system: [unclosed
                """);
        PromptProblem p = onlyProblem();
        assertThat(p.file()).isEqualTo(file);
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.describe()).startsWith(file + ":4:").contains("malformed YAML");
    }

    @Test
    void unknownFieldNamesFileLineAndTheKnownFields() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", """
                name: Fix
                model:
                  params:
                    temprature: 0.1
                prompt_template:
                  user: hi
                """);
        assertThat(onlyProblem().describe()).isEqualTo(file + ":4:5: unknown field 'temprature' in model.params; "
                + "known fields: [custom_llm_provider, max_retries, max_tokens, model_class_provider, temperature, "
                + "top_k, top_p]");
    }

    @Test
    void unknownRoleIsNamedWithTheKnownOnes() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: hi\n  sytem: x\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ":3:3: unknown role 'sytem' in prompt_template; "
                + "known roles: assistant, placeholder, prompt, system, system_dynamic, system_static, user");
    }

    @Test
    void aPlaceholderNamesAnInput() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: hi\n  placeholder: 'a b'\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ":3:3: prompt_template.placeholder names a list input "
                + "(such as history), got 'a b'");
    }

    @Test
    void aRoleIsText() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: [a, b]\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ":2:3: prompt_template.user must be text, not a list");
    }

    @Test
    void staticAndDynamicSystemPartsComeTogether() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  system_static: a\n  user: b\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ": prompt_template.system_static and system_dynamic "
                + "come together (one system message in two parts, static first)");
    }

    @Test
    void templateSyntaxErrorNamesFileLineAndColumnInTheYaml() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", """
                name: Fix
                prompt_template:
                  system: |
                    line one
                    {% if selected_text %}never closed
                  user: hi
                """);
        assertThat(onlyProblem().describe()).startsWith(file + ":5:5: template syntax error: ")
                .contains("Missing end tag: endif").endsWith("(in prompt_template.system)");
    }

    @Test
    void expressionSyntaxErrorPointsAtTheExpression() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: |\n    a\n    b {{ f( }}\n");
        assertThat(onlyProblem().describe()).startsWith(file + ":4:7: syntax error in 'f('");
    }

    @Test
    void missingIncludeNamesThePathAndWhereItLooked() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml",
                "prompt_template:\n  user: |\n    {% include 'chat/fix_code/nope/1.0.0.jinja' %}\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ":3:5: included template 'chat/fix_code/nope/1.0.0.jinja' "
                + "not found (paths are relative to the prompt root; looked in " + dir.toAbsolutePath()
                + ", bundled) (in prompt_template.user)");
    }

    @Test
    void errorsInsideAnIncludedFragmentNameTheFragment() throws IOException {
        write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: \"{% include 'parts/a.jinja' %}\"\n");
        write("parts/a.jinja", "A {% include 'parts/b.jinja' %}\n");
        String b = write("parts/b.jinja", "B\n{% include 'parts/a.jinja' %}\n");
        assertThat(onlyProblem().describe())
                .isEqualTo(b + ":2:1: include cycle: parts/a.jinja -> parts/b.jinja -> parts/a.jinja");
    }

    @Test
    void sandboxRulesAreCheckedAtLoad() throws IOException {
        String method = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: '{{ input.upper() }}'\n");
        String times = write("chat/write_tests/mistral/1.0.0.yml", "prompt_template:\n  user: '{{ input * 1000 }}'\n");
        String power = write("chat/refactor_code/mistral/1.0.0.yml", "prompt_template:\n  user: '{{ 9 ** 9 ** 9 }}'\n");
        String tag = write("chat/explain_code/mistral/1.0.0.yml", "prompt_template:\n  user: \"{% import 'x' as y %}\"\n");
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThat(r.problems()).extracting(PromptProblem::describe).containsExactlyInAnyOrder(
                method + ":2:10: method calls are not allowed in prompt templates (sandbox): 'input.upper()'; "
                        + "use a filter instead (in prompt_template.user)",
                times + ":2:10: the '*' and '**' operators are not allowed in prompt templates (sandbox): "
                        + "'input * 1000' (in prompt_template.user)",
                power + ":2:10: the '*' and '**' operators are not allowed in prompt templates (sandbox): "
                        + "'9 ** 9 ** 9' (in prompt_template.user)",
                tag + ":2:10: tag 'import' is not allowed in prompt templates; use one of block, call, do, elif, "
                        + "else, extends, for, if, include, macro, print, raw, set, with (in prompt_template.user)");
    }

    @Test
    void aBrokenFileBlocksOnlyTheSelectionItWouldHaveWon() throws IOException {
        write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: 'one {{ selected_text }}'\n");
        String broken = write("chat/fix_code/mistral/1.1.0.yml", "prompt_template:\n  user: '{{ x'\n");
        write("chat/fix_code/mistral/2.0.0.yml", "prompt_template:\n  user: 'two {{ selected_text }}'\n");
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThat(r.select("chat/fix_code", ModelFamily.MISTRAL, "~1.0").version()).isEqualTo("1.0.0");
        assertThat(r.select("chat/fix_code", ModelFamily.MISTRAL, "^2.0.0").version()).isEqualTo("2.0.0");
        assertThat(r.select("chat/fix_code", ModelFamily.MISTRAL, "1.0.0").version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> r.select("chat/fix_code", ModelFamily.MISTRAL, "^1.0.0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("prompt chat/fix_code/mistral/1.1.0 would be selected but its definition "
                        + "file is broken: " + broken + ":2:10: template syntax error");
        assertThat(r.problems()).extracting(PromptProblem::file).containsExactly(broken);
    }

    @Test
    void everyBrokenFileIsReportedAtOnceAndOnlyItsFamilyFails() throws IOException {
        String a = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: '{{ x'\n");
        String b = write("chat/fix_code/mistral/latest.yml", "prompt_template:\n  user: hi\n");
        String c = write("README.yml", "about: these prompts\n");
        String d = write("chat/write_tests/gpt/1.0.0.yml", "model:\n  params:\n    temperature: 5\n"
                + "prompt_template:\n  user: hi\n");
        String e = write("chat/refactor_code/gpt/1.0.0.yml", "prompt_template:\n  prompt: raw\n  user: hi\n");
        String f = write("chat/explain_code/gpt/1.0.0.yml", "name: nothing to send\n");
        PromptRegistry r = PromptRegistry.load(List.of(dir, dir.resolve("missing")));
        assertThat(r.problems()).extracting(PromptProblem::describe).containsExactlyInAnyOrder(
                a + ":2:10: template syntax error: " + r.problems().stream().filter(p -> p.file().equals(a))
                        .findFirst().orElseThrow().message().substring("template syntax error: ".length()),
                b + ": file name 'latest.yml' is not a semantic version such as 1.0.0.yml or 1.1.0-dev.yml",
                c + ": not in the layout <prompt id>/<family>/<version>.yml",
                d + ": temperature must be between 0 and 2, got 5.0",
                e + ": prompt_template.prompt (a raw text prompt) must be the only template; remove system, user "
                        + "and assistant or remove prompt",
                f + ": prompt_template is missing: give at least a user template",
                dir.resolve("missing").toAbsolutePath() + ": prompt directory " + dir.resolve("missing").toAbsolutePath()
                        + " does not exist");
        assertThat(r.problems().stream().filter(p -> p.file().equals(a)).findFirst().orElseThrow().message())
                .contains("Unclosed");
        // Selecting the broken file fails, naming it ...
        assertThatThrownBy(() -> r.select("chat/fix_code", ModelFamily.MIXTRAL, "^1.0.0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("prompt chat/fix_code/mistral/1.0.0 would be selected but its definition "
                        + "file is broken: " + a + ":2:10");
        // ... while other families of the same prompt, and other prompts, still work.
        assertThat(r.select("chat/fix_code", ModelFamily.CLAUDE_3, "^1.0.0").source()).isEqualTo("bundled");
        assertThat(r.select("glab_ask_git_command", ModelFamily.GPT, "^1.0.0")
                .render(TestFeatures.GLAB_ASK, Map.of("input", "hi")).messages()).hasSize(1);
        assertThat(r.list()).anyMatch(l -> l.id().equals("chat/fix_code") && l.family().equals("mistral")
                && l.versions().stream().noneMatch(PromptListing.Version::usable));
    }

    @Test
    void anIncludeThroughASymlinkOutOfTheDirectoryIsAProblemOfItsFile() throws IOException {
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret.jinja"), "secret");
        Files.createDirectories(dir.resolve("shared"));
        Files.createSymbolicLink(dir.resolve("shared/link.jinja"), outside.resolve("secret.jinja"));
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: \"{% include 'shared/link.jinja' %}\"\n");
        assertThat(onlyProblem().describe()).startsWith(file + ":2:10: cannot read included template: shared/link.jinja "
                + "leads outside the prompt directory " + dir.toAbsolutePath().normalize() + " through a symbolic link");
    }

    @Test
    void tooDeepNestingIsAProblemOfItsFileNotAStackOverflow() throws IOException {
        String file = write("chat/fix_code/mistral/1.0.0.yml", "prompt_template:\n  user: \""
                + "{% if true %}".repeat(3000) + "{% endif %}".repeat(3000) + "\"\n");
        assertThat(onlyProblem().describe()).isEqualTo(file + ":2: tags nested more than 100 deep; at most 100 levels "
                + "are allowed in a prompt template (in prompt_template.user)");
    }
}
