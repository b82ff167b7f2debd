package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input mistakes {@code duo generate} and {@code duo chat} catch before any model is called.
 * Calls through a model are tested where a fake model client is available.
 */
class GenerateCommandTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    @Test
    void badInputSyntaxIsAUsageError() {
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--input expects name=value", "user_instruction='...'", "got 'user_instruction'",
                "duo generate --help");
    }

    @Test
    void anUnknownInputNamesTheDeclaredOnes() {
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instructions=x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("code_generations takes no input 'user_instructions'", "Did you mean user_instruction",
                "user_instruction (required)", "libraries");
    }

    @Test
    void aMissingRequiredInputIsNamed() {
        Cli.Result r = cli().run("generate", "code_completion", "--input", "suffix=}");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("code_completions needs the input prefix", "--input prefix=");
    }

    @Test
    void fileInputsAndJsonInputsAreChecked() {
        Cli.Result noFile = cli().run("generate", "code_completion", "--input", "prefix=@missing.py");
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("missing.py does not exist", "@@");

        Cli.Result badJson = cli().stdin("{not json", false).run("generate", "code_generation", "--inputs-json", "-");
        assertThat(badJson.code()).isEqualTo(2);
        assertThat(badJson.err()).contains("--inputs-json - is not valid JSON");

        Cli.Result notList = cli().stdin("{\"user_instruction\": \"x\", \"libraries\": \"junit\"}", false)
                .run("generate", "code_generation", "--inputs-json", "-");
        assertThat(notList.code()).isEqualTo(2);
        assertThat(notList.err()).contains("libraries is a list");
    }

    @Test
    void anUnknownFeatureSuggestsTheClosest() {
        Cli.Result r = cli().run("generate", "code_genration", "--input", "a=b");
        assertThat(r.code()).as("a usage error, as a wrong --input is").isEqualTo(2);
        assertThat(r.err()).contains("Unknown feature 'code_genration'", "Did you mean");
    }

    @Test
    void chatNeedsAChatFeature() {
        Cli.Result r = cli().run("chat", "code_generation");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("not a chat feature", "duo generate code_generations");
    }
}
