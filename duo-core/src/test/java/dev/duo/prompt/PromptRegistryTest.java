package dev.duo.prompt;

import dev.duo.admin.PromptLookup;
import dev.duo.admin.PromptListing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.PromptNotFoundException;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Selection over a directory in the gateway's layout, and how user directories override. */
class PromptRegistryTest {

    static final Path GATEWAY = Path.of("src/test/resources/prompts/gateway");
    static final PromptRegistry REGISTRY = PromptRegistry.load(List.of(GATEWAY));

    @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
    @CsvSource({
            // mixtral has no directory: the gateway falls back to mistral, and uses it.
            "MIXTRAL, ^1.0.0, mistral, 1.1.0",
            "MISTRAL, ~1.0, mistral, 1.0.0",
            "CODESTRAL, ^1.0.0, codestral, 1.0.0",
            // Ranges never pick -dev or -rc files: 1.1.0-dev and 1.2.0-rc1 are skipped.
            "CLAUDE_3, ^1.0.0, base, 1.0.1",
            "GPT, ~1.0, base, 1.0.1",
            "LLAMA3, '>=1.0.0, <1.0.1', base, 1.0.0",
            "CLAUDE_3, ^2.0.0, base, 2.0.0",
            "GENERAL, ^1.0.0, base, 1.0.1",
            // An exact version is taken as it is, even a -dev or -rc one.
            "CLAUDE_3, 1.1.0-dev, base, 1.1.0-dev",
            "GPT, 1.2.0-rc1, base, 1.2.0-rc1",
            "GPT, 1.0.0, base, 1.0.0",
    })
    void picksTheFileTheGatewayWould(ModelFamily family, String constraint, String expectedFamily,
            String expectedVersion) {
        PromptTemplate t = REGISTRY.select("chat/explain_code", family, constraint);
        assertThat(t.family()).isEqualTo(expectedFamily);
        assertThat(t.version()).isEqualTo(expectedVersion);
        assertThat(t.describe()).isEqualTo("chat/explain_code/" + expectedFamily + "/" + expectedVersion);
        assertThat(t.file()).isEqualTo(GATEWAY.toAbsolutePath().resolve(
                "chat/explain_code/" + expectedFamily + "/" + expectedVersion + ".yml").toString());
    }

    @Test
    void theFirstFamilyWithThePromptIsUsedEvenWhenNoVersionFits() {
        // base has 2.0.0, but mistral exists for mixtral, so the gateway never looks at base.
        assertThatThrownBy(() -> REGISTRY.select("chat/explain_code", ModelFamily.MIXTRAL, "^2.0.0"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessage("no version of prompt chat/explain_code/mistral matches '^2.0.0'; versions found: "
                        + "1.0.0, 1.1.0 (ranges never pick -dev or -rc versions; name one exactly to use it)");
    }

    @Test
    void noVersionListsTheVersionsFound() {
        assertThatThrownBy(() -> REGISTRY.select("chat/explain_code", ModelFamily.GPT, "^3.0.0"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageContaining("no version of prompt chat/explain_code/base matches '^3.0.0'")
                .hasMessageContaining("versions found: 1.0.0, 1.0.1, 1.1.0-dev, 1.2.0-rc1, 2.0.0, 2.0.1-dev");
    }

    @Test
    void noFamilyListsTheFamiliesTried() {
        assertThatThrownBy(() -> REGISTRY.select("chat/explain_cod", ModelFamily.MIXTRAL, "^1.0.0"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageStartingWith("no prompt chat/explain_cod for model family mixtral: tried families "
                        + "mixtral, mistral, base in bundled, " + GATEWAY.toAbsolutePath())
                .hasMessageEndingWith("Did you mean chat/explain_code?");
    }

    @Test
    void aFamilyMissingForAnExistingPromptSaysWhichFamiliesHaveIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("custom/task/gpt"));
        Files.writeString(dir.resolve("custom/task/gpt/1.0.0.yml"), "prompt_template:\n  user: hi\n");
        PromptRegistry r = PromptRegistry.load(List.of(dir));
        assertThatThrownBy(() -> r.select("custom/task", ModelFamily.LLAMA3, "^1.0.0"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessageContaining("no prompt custom/task for model family llama3: tried families llama3, base")
                .hasMessageContaining("it exists for gpt");
    }

    @Test
    void invalidConstraintIsExplained() {
        assertThatThrownBy(() -> REGISTRY.select("chat/explain_code", ModelFamily.GPT, "newest"))
                .isInstanceOf(PromptNotFoundException.class)
                .hasMessage("version constraint 'newest' is neither a version (1.0.0) nor a range "
                        + "(^1.0.0, ~1.0, >=1.0.0 <2.0.0)");
    }

    @Test
    void rendersIncludesWithNestedIncludesWithTagAndRaw() {
        PromptTemplate t = REGISTRY.select("chat/explain_code", ModelFamily.CLAUDE_3, "^1.0.0");
        RenderedPrompt p = t.render(TestFeatures.EXPLAIN_CODE, Map.of("selected_text", "x++", "language", "Java"));
        assertThat(p.messages()).containsExactly(
                Message.system("You are a software developer. You write Java."),
                Message.user("<selected_code>\nx++\n</selected_code>\n{{ not a variable }}"),
                Message.assistant("Version 1.0.1 of base:"));
        assertThat(t.variables()).containsExactlyInAnyOrder("language", "selected_text");
    }

    @Test
    void paramsAreTheDefinitionsWithGatewayOnlyKeysDropped() {
        PromptTemplate t = REGISTRY.select("chat/explain_code", ModelFamily.CLAUDE_3, "^1.0.0");
        ModelParams expected = ModelParams.builder().maxTokens(2048).temperature(0.3)
                .stop(List.of("</answer>")).timeout(Duration.ofSeconds(30)).build();
        assertThat(t.params()).isEqualTo(expected);
        assertThat(t.render(TestFeatures.EXPLAIN_CODE, Map.of("selected_text", "x")).params()).isEqualTo(expected);
    }

    @Test
    void userFileOverridesTheBundledOneAndLeavesTheRest() {
        PromptTemplate overridden = REGISTRY.find("chat/explain_code", "base", "1.0.0").orElseThrow();
        assertThat(overridden.source()).isEqualTo(GATEWAY.toAbsolutePath().resolve(
                "chat/explain_code/base/1.0.0.yml").toString());
        assertThat(REGISTRY.select("chat/fix_code", ModelFamily.MISTRAL, "^1.0.0").source()).isEqualTo("bundled");
        assertThat(PromptRegistry.bundled().select("chat/explain_code", ModelFamily.MISTRAL, "^1.0.0").source())
                .isEqualTo("bundled");
    }

    @Test
    void laterUserDirectoryWinsAndAWarningNamesBoth(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (Path p : List.of(first, second)) {
            Files.createDirectories(p.resolve("glab_ask_git_command/base"));
            Files.writeString(p.resolve("glab_ask_git_command/base/1.0.0.yml"),
                    "prompt_template:\n  user: 'from " + p.getFileName() + ": {{ input }}'\n");
        }
        Logger logger = (Logger) LoggerFactory.getLogger("dev.duo.prompt");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            PromptRegistry r = PromptRegistry.load(List.of(first, second));
            RenderedPrompt p = r.select("glab_ask_git_command", ModelFamily.GPT, "^1.0.0")
                    .render(TestFeatures.GLAB_ASK, Map.of("input", "undo"));
            assertThat(p.messages()).containsExactly(Message.user("from second: undo"));
            String firstFile = first.toAbsolutePath().resolve("glab_ask_git_command/base/1.0.0.yml").toString();
            String secondFile = second.toAbsolutePath().resolve("glab_ask_git_command/base/1.0.0.yml").toString();
            String warning = "prompt glab_ask_git_command/base/1.0.0 is defined in both " + firstFile + " and "
                    + secondFile + "; using the later one, " + secondFile;
            assertThat(r.warnings()).containsExactly(warning);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(warning);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void userPromptsMayIncludeBundledFragments(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("chat/fix_code/mistral"));
        Files.writeString(dir.resolve("chat/fix_code/mistral/1.0.0.yml"), """
                prompt_template:
                  user: |
                    {% include 'chat/partials/selected_code/1.0.0.jinja' %}
                    Fix it, briefly.
                """);
        PromptTemplate t = PromptRegistry.load(List.of(dir)).select("chat/fix_code", ModelFamily.MIXTRAL, "^1.0.0");
        RenderedPrompt p = t.render(TestFeatures.FIX_CODE, Map.of("selected_text", "x--"));
        assertThat(p.messages()).containsExactly(Message.user(
                "Here is the code the user selected:\n<selected_code>\nx--\n</selected_code>\nFix it, briefly."));
    }

    @Test
    void explainGivesTheLookupTrail() {
        PromptLookup l = REGISTRY.explain("chat/explain_code", ModelFamily.MIXTRAL, "^1.0.0");
        assertThat(l.familiesTried()).containsExactly(new PromptLookup.FamilyCheck("mixtral", List.of()),
                new PromptLookup.FamilyCheck("mistral", List.of("1.0.0", "1.1.0")));
        assertThat(l.chosen()).map(PromptTemplate::describe).contains("chat/explain_code/mistral/1.1.0");
        assertThat(l.failure()).isEmpty();
        assertThat(l.rule()).contains("stable versions only, highest match wins");
        assertThat(l.explanation()).isEqualTo("""
                prompt chat/explain_code for family mixtral, version ^1.0.0
                  mixtral: no definitions
                  mistral: versions 1.0.0, 1.1.0
                  rule: range ^1.0.0 (>=1.0.0 and <2.0.0): stable versions only, highest match wins
                  chosen: chat/explain_code/mistral/1.1.0 from\s""" + GATEWAY.toAbsolutePath()
                .resolve("chat/explain_code/mistral/1.1.0.yml"));
        PromptLookup missing = REGISTRY.explain("nope", ModelFamily.GPT, "^1.0.0");
        assertThat(missing.chosen()).isEmpty();
        assertThat(missing.failure().orElseThrow()).startsWith("no prompt nope for model family gpt");
    }

    @Test
    void listShowsIdsFamiliesVersionsAndSources() {
        PromptListing base = REGISTRY.list().stream()
                .filter(l -> l.id().equals("chat/explain_code") && l.family().equals("base")).findFirst().orElseThrow();
        assertThat(base.versions()).extracting(PromptListing.Version::version)
                .containsExactly("1.0.0", "1.0.1", "1.1.0-dev", "1.2.0-rc1", "2.0.0", "2.0.1-dev");
        assertThat(base.versions()).allMatch(PromptListing.Version::usable)
                .allMatch(v -> v.source().startsWith(GATEWAY.toAbsolutePath().toString()));
        assertThat(REGISTRY.list()).anyMatch(l -> l.id().equals("chat/fix_code")
                && l.versions().get(0).source().equals("bundled"));
    }

    @Test
    void anIncludeWithAComputedPathUsesFragmentsLoadedUpFront() {
        PromptTemplate t = REGISTRY.select("custom/dynamic", ModelFamily.GPT, "^1.0.0");
        assertThat(t.variables()).containsExactly("message");
        var feature = TestFeatures.feature("dynamic", "custom/dynamic", List.of(ModelFamily.GPT));
        assertThat(t.render(feature, Map.of("message", Map.of("content", "Summarize it.",
                "context", Map.of("type", "issue", "title", "Crash on start")))).messages())
                .containsExactly(Message.user("<issue>Crash on start</issue>\nSummarize it."));
        assertThat(t.render(feature, Map.of("message", Map.of("content", "Review it.",
                "context", Map.of("type", "merge_request", "title", "Fix crash")))).messages())
                .containsExactly(Message.user("<merge_request>Fix crash</merge_request>\nReview it."));
        assertThatThrownBy(() -> t.render(feature, Map.of("message", Map.of("content", "?",
                "context", Map.of("type", "epic", "title", "x")))))
                .isInstanceOf(dev.duo.InvalidInputException.class)
                .hasMessageContaining("template 'custom/dynamic/partials/epic/1.0.0.jinja' was not loaded with the prompt");
    }
}
