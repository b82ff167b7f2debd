package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.config.DuoConfig;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.FakeModelClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge is a feature call: its versioned prompt, rendered by the registry, overridable by the user. */
class LlmJudgeTest {

    @TempDir
    Path dir;

    private static String content(ModelRequest r, Role role) {
        return r.messages().stream().filter(m -> m.role() == role).map(Message::content).findFirst().orElseThrow();
    }

    @Test
    void theBundledPromptAsksForAFixedFormatAndShowsRequestReferenceAndAnswer() {
        FakeModelClient fake = FakeModelClient.answering("Rating: 3\nReason: mostly right");
        try (DuoClient duo = DuoClient.builder().config(EvalFixture.config()).modelClient(fake)
                .retryPolicy(RetryPolicy.NONE).build()) {
            LlmJudge judge = LlmJudge.using(duo, EvalFixture.JUDGE).forFeature("Code Explanation");
            EvalCase c = EvalCase.of("1", Map.of("selected_text", "x = 1", "input", "why?")).withReference("It sets x.");
            Score s = judge.score(c, "It assigns one to x.");
            assertThat(s).isEqualTo(Score.rated(3, "mostly right"));
            ModelRequest r = fake.lastRequest().orElseThrow();
            assertThat(r.feature()).contains(LlmJudge.FEATURE_KEY);
            assertThat(content(r, Role.SYSTEM)).contains("4 = excellent", "1 = unusable", "Rating: <one digit, 1 to 4>",
                    "Reason: <one or two sentences");
            assertThat(content(r, Role.USER)).contains("Feature: Code Explanation", "selected_text:\nx = 1",
                    "input:\nwhy?", "<reference>\nIt sets x.\n</reference>", "<answer>\nIt assigns one to x.\n</answer>");
            assertThat(r.params().temperature()).hasValue(0.0);
            assertThat(judge.rates()).isTrue();
            assertThat(judge.name()).isEqualTo("llm_judge (Judge [test])");
        }
    }

    @Test
    void withoutAReferenceTheReferenceBlockIsLeftOut() {
        FakeModelClient fake = FakeModelClient.answering("Rating: 4\nReason: fine");
        try (DuoClient duo = DuoClient.builder().config(EvalFixture.config()).modelClient(fake).build()) {
            LlmJudge.using(duo, EvalFixture.JUDGE).score(EvalCase.of("1", Map.of("input", "undo")), "git reset");
            assertThat(content(fake.lastRequest().orElseThrow(), Role.USER)).doesNotContain("<reference>")
                    .contains("<request>\nundo\n</request>");
        }
    }

    @Test
    void aUsersPromptDirectoryOverridesTheJudgePrompt() throws Exception {
        Path custom = dir.resolve("prompts/eval/judge/base/1.1.0.yml");
        Files.createDirectories(custom.getParent());
        Files.writeString(custom, """
                name: My judge
                model:
                  params:
                    temperature: 0.0
                    max_tokens: 100
                prompt_template:
                  system: "House rules. Answer 'Rating: N'."
                  user: "{{ question }} => {{ response }} ({{ feature }}{{ reference }})"
                """);
        FakeModelClient fake = FakeModelClient.answering("Rating: 2");
        DuoConfig config = EvalFixture.config().toBuilder().promptDirectory(dir.resolve("prompts")).build();
        try (DuoClient duo = DuoClient.builder().config(config).modelClient(fake).build()) {
            Score s = LlmJudge.using(duo, EvalFixture.JUDGE).score(EvalCase.of("1", Map.of("input", "q")), "a");
            assertThat(s.rating()).contains(2);
            assertThat(content(fake.lastRequest().orElseThrow(), Role.SYSTEM)).isEqualTo("House rules. Answer 'Rating: N'.");
            assertThat(content(fake.lastRequest().orElseThrow(), Role.USER)).isEqualTo("q => a (an AI feature)");
        }
    }

    @Test
    void theJudgeModelIsCheckedAsAnyAssignmentIs() {
        DuoConfig config = EvalFixture.config().toBuilder().model(SelfHostedModel.builder().name("Gemma")
                .family(ModelFamily.CODEGEMMA).identifier("custom_openai/gemma")
                .endpoint(java.net.URI.create("http://127.0.0.1:9/v1")).allowInsecureEndpoint(true).build()).build();
        try (DuoClient duo = DuoClient.builder().config(config).modelClient(FakeModelClient.answering("x")).build()) {
            assertThatThrownBy(() -> LlmJudge.using(duo, "Gemma"))
                    .hasMessageContaining("Gemma is a model of the BETA family codegemma");
            assertThat(duo.config().features()).doesNotContainKey(LlmJudge.FEATURE_KEY);
        }
    }
}
