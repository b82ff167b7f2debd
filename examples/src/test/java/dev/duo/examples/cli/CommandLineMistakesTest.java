package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and error output as a user meets them: 2 for a mistake in the command line (an unknown
 * option, a malformed argument, a feature, model or input name that names nothing), 1 for an error
 * beyond it (duo.yml, a refused call); a failed stream prints no empty line before {@code error:}.
 */
class CommandLineMistakesTest {

    @TempDir
    Path dir;

    private final FakeModelClient model = FakeModelClient.builder().build();

    @BeforeEach
    void config() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                features:
                  code_generations: { provider: self_hosted, model: mixtral }
                  duo_chat: { provider: self_hosted, model: missing-model }
                """);
    }

    private Cli cli() {
        return new Cli(dir).client(b -> b.modelClient(model));
    }

    @Test
    void aMistypedFeatureAndAMistypedInputAreBothUsageErrors() {
        Cli.Result feature = cli().run("generate", "code_generaton", "--input", "user_instruction=x");
        assertThat(feature.code()).as(feature.toString()).isEqualTo(2);
        assertThat(feature.err()).startsWith("error: Unknown feature 'code_generaton'. Did you mean code_generation")
                .contains("Run 'duo generate --help' for usage and examples.");

        Cli.Result input = cli().run("generate", "code_generation", "--input", "user_instructions=x");
        assertThat(input.code()).as(input.toString()).isEqualTo(2);
        assertThat(input.err()).startsWith("error: ").contains("user_instructions")
                .contains("Run 'duo generate --help' for usage and examples.");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void aModelNameFromDuoYmlThatNamesNothingIsAnErrorNotAUsageError() {
        Cli.Result r = cli().run("generate", "duo_chat", "--input", "messages=hi");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("missing-model").doesNotContain("--help");
    }

    @Test
    void aStreamThatFailsBeforeItsFirstChunkPrintsNoEmptyLine() {
        model.faultPlan(FaultPlan.builder().next(Fault.status(401).withMessage("bad key")).build());
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=x", "--stream");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: ").contains("bad key");
    }

    @Test
    void aStreamThatFailsMidwayEndsItsLineBeforeTheError() {
        model.whenFeature("code_generation").thenAnswer(FakeModelClient.Answer.text("def parse").chunks("def ", "parse"));
        model.faultPlan(FaultPlan.builder().next(Fault.disconnectAfterChunks(1)).build());
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=x", "--stream");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("def \n");
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void aStreamThatSucceedsEndsWithOneNewline() {
        model.whenFeature("code_generation").thenAnswer(FakeModelClient.Answer.text("def parse").chunks("def ", "parse"));
        Cli.Result r = cli().run("generate", "code_generation", "--input", "user_instruction=x", "--stream");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("def parse\n");
    }
}
