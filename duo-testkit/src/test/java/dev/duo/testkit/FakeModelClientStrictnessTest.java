package dev.duo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.UnknownFeatureException;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.ReleaseState;
import dev.duo.model.ModelFamily;
import dev.duo.BlockingStream;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Aliases resolve wherever the fake takes a feature, typos fail at once, and nothing is answered silently. */
class FakeModelClientStrictnessTest {

    private static final String DIFF = "diff --git a/README.md b/README.md\n-Hello\n+Hello, world\n";

    private static ModelRequest request(String feature) {
        return ModelRequest.builder().messages(List.of(Message.user("hi"))).feature(feature).build();
    }

    @Test
    void anAliasScriptsAndAssertsTheCallsOfItsFeature() {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.whenFeature("code_generation").thenAnswer("def add(a, b): return a + b");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            assertThat(duo.feature("code_generation").generate(Map.of("user_instruction", "add")).text())
                    .isEqualTo("def add(a, b): return a + b");
        }
        assertThat(fake.requests().get(0).feature()).hasValue("code_generations");
        fake.assertCalled("code_generation");
        fake.assertCalled("code_generations");
        fake.assertCalledTimes("code_generation", 1);
        fake.assertCalled(RequestMatcher.feature("code_generation").and(RequestMatcher.userMessageContains("add")));
        fake.assertNotCalled("code_completion");
        assertThat(fake.calls(RequestMatcher.feature("code_generation"))).hasSize(1);
        assertThatThrownBy(() -> fake.assertNotCalled("code_generation"))
                .hasMessageStartingWith("expected no call with feature = 'code_generations' (alias 'code_generation'), but 1 matched");
        fake.close();
    }

    @Test
    void aFeatureNameNoFeatureHasFailsAtOnceWithTheClosestNames() {
        FakeModelClient fake = FakeModelClient.builder().build();
        assertThatThrownBy(() -> fake.whenFeature("review_merge_requests"))
                .isInstanceOf(UnknownFeatureException.class)
                .hasMessageStartingWith("Unknown feature 'review_merge_requests'. Did you mean review_merge_request");
        assertThatThrownBy(() -> fake.when(RequestMatcher.userMessageContains("x").and(RequestMatcher.feature("duo_chatt"))))
                .isInstanceOf(UnknownFeatureException.class).hasMessageContaining("Did you mean duo_chat");
        assertThatThrownBy(() -> fake.assertCalled("code_generaton"))
                .isInstanceOf(UnknownFeatureException.class).hasMessageContaining("Did you mean code_generation");
        assertThatThrownBy(() -> fake.assertNotCalled("duo_chatt")).isInstanceOf(UnknownFeatureException.class);
        assertThatThrownBy(() -> fake.assertCalledTimes("duo_chatt", 0)).isInstanceOf(UnknownFeatureException.class);
        fake.close();
    }

    @Test
    void aCallToAFeatureNotScriptedFailsNamingTheFeatureCalledAndTheFeaturesScripted() {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.whenFeature("generate_commit_message").thenAnswer("Fix the README link");
        fake.when(RequestMatcher.userMessageContains("monad")).thenAnswer("a monoid");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            assertThatThrownBy(() -> duo.feature("summarize_new_merge_request")
                    .generate(Map.of("diff", DIFF, "title", "Greet the world")))
                    .isExactlyInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("the fake model has no answer for call #1, to feature 'summarize_new_merge_request': "
                            + "the features scripted are [generate_commit_message], by the rules ['a user message containing 'monad'']. "
                            + "Script it: fake.whenFeature(\"summarize_new_merge_request\").thenAnswer(\"...\"); "
                            + "or opt in to one answer for every unscripted call: fake.defaultAnswer(\"...\").")
                    .hasMessageContaining("#1 feature=summarize_new_merge_request");
        }
        assertThatThrownBy(fake::assertNoUnscriptedCalls).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the fake model has no answer for call #1, to feature 'summarize_new_merge_request'");
        fake.close();
    }

    @Test
    void aFakeWithNothingScriptedSaysSoForBlockingCallsAndStreams() {
        FakeModelClient fake = FakeModelClient.builder().build();
        assertThatThrownBy(() -> fake.complete(request("duo_chat"), Attempt.of(Timeouts.DEFAULTS)))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the fake model has no answer for call #1, to feature 'duo_chat': the test scripted "
                        + "no answer (no whenFeature/when rule, nothing enqueued).");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            try (BlockingStream s = duo.feature("duo_chat").streamBlocking(Map.of("messages", List.of(Message.user("hi"))))) {
                // a stream's failure reaches its reader as the SDK's exception, the assertion as its cause
                assertThatThrownBy(s::hasNext).isInstanceOf(DuoException.class)
                        .hasMessageContaining("the fake model has no answer for call #2, to feature 'duo_chat'")
                        .cause().isExactlyInstanceOf(AssertionError.class);
            }
        }
        assertThatThrownBy(fake::assertNoUnscriptedCalls)
                .hasMessageEndingWith("(and 1 more unscripted call(s))");
        fake.close();
    }

    @Test
    void aRuleForTheFeatureWhoseConditionMissesSaysSo() {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.when(RequestMatcher.feature("duo_chat").and(RequestMatcher.userMessageContains("monad"))).thenAnswer("a monoid");
        assertThatThrownBy(() -> fake.complete(request("duo_chat"), Attempt.of(Timeouts.DEFAULTS)))
                .hasMessageContaining("the features scripted are [duo_chat], by the rules "
                        + "['feature = 'duo_chat' and a user message containing 'monad''] (a rule names 'duo_chat', "
                        + "but this call matches none of its conditions)");
        fake.close();
    }

    @Test
    void aTestMayOptInToADefaultAnswerExplicitly() {
        FakeModelClient fake = FakeModelClient.builder().build().defaultAnswer("anything");
        fake.whenFeature("duo_chat").thenAnswer("hello");
        assertThat(fake.complete(request("duo_chat"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("hello");
        assertThat(fake.complete(request("code_generations"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("anything");
        assertThat(FakeModelClient.answering("always").complete(request("code_generations"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("always");
        fake.assertNoUnscriptedCalls();
        fake.close();
    }

    @Test
    void aRecordingCallLogResolvesTheFeaturesOfTheClientItIsWiredInto(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path metadata = dir.resolve("features.yml");
        java.nio.file.Files.writeString(metadata, """
                features:
                  - key: release_notes
                    title: Release Notes
                    release_state: GA
                    category: Ours
                    families: [claude_3]
                    unit_primitives: [release_notes]
                    aliases: [notes]
                    prompt: { id: generate_commit_message, version: ^1.0.0 }
                    inputs:
                      - { name: diff, required: true }
                      - { name: input }
                """);
        FakeModelClient fake = FakeModelClient.builder().build();
        dev.duo.testkit.record.RecordingModelClient rec = dev.duo.testkit.record.RecordingModelClient.builder(fake)
                .environment(Map.of()).build();
        try (DuoClient duo = TestClients.builder(rec)
                .configure(b -> b.featureMetadata(metadata).feature("release_notes",
                        dev.duo.feature.FeatureSetting.selfHosted(TestClients.MODEL_NAME))).build()) {
            fake.defaultAnswer("v1.2: faster");   // the recorded model: not wired itself
            assertThat(duo.feature("notes").generate(Map.of("diff", DIFF)).text()).isEqualTo("v1.2: faster");
            rec.assertCalled("notes");
            assertThatThrownBy(() -> rec.assertCalled("nots")).isInstanceOf(UnknownFeatureException.class)
                    .hasMessageContaining("Did you mean notes");
        }
        rec.close();
    }

    @Test
    void theFeaturesOfTheClientResolveTheUsersOwnFeatureAndItsAlias() {
        Feature mine = new Feature("release_notes", "Release Notes", ReleaseState.GA, "Ours", List.of(ModelFamily.CLAUDE_3),
                List.of("release_notes"), List.of("notes"), "release_notes", "^1.0.0", List.of());
        FakeModelClient fake = FakeModelClient.builder()
                .features(FeatureRegistry.of(List.of(mine)))
                .build();
        fake.whenFeature("notes").thenAnswer("v1.2: faster");
        assertThat(fake.complete(request("release_notes"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("v1.2: faster");
        fake.assertCalled("notes");
        assertThatThrownBy(() -> fake.whenFeature("duo_chat")).as("not a feature of this registry")
                .isInstanceOf(UnknownFeatureException.class);
        fake.close();
    }
}
