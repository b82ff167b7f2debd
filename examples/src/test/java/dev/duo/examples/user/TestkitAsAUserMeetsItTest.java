package dev.duo.examples.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.Message;
import dev.duo.UnknownFeatureException;
import dev.duo.model.ModelFamily;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.TestClients;
import dev.duo.testkit.record.Exchange;
import dev.duo.testkit.record.Recording;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit as a new user meets it: a user's service and its {@code @DuoTest} tests, written as
 * README shows, compiled and run by this test ({@link UserProject}). Each test of the user's checks
 * one promise: aliases, typos, unscripted calls (even swallowed ones), the explicit default answer,
 * streams left open, and record mode rendering for the real model.
 */
class TestkitAsAUserMeetsItTest {

    static final String SERVICE = """
            package com.example;

            import dev.duo.DuoClient;
            import java.util.Map;

            public class CodeService {
                public static String generate(String instruction) {
                    return DuoClient.forFeature("code_generation").generate(Map.of("user_instruction", instruction)).text();
                }

                public static String summarize(String diff) {
                    return DuoClient.forFeature("summarize_new_merge_request")
                            .generate(Map.of("diff", diff, "title", "A change")).text();
                }

                /** Code that hides what went wrong: the call runs on a thread whose failure nobody reads. */
                public static String generateOrFallBack(String instruction) throws InterruptedException {
                    String[] out = {"fallback"};
                    Thread t = new Thread(() -> out[0] = generate(instruction));
                    t.setUncaughtExceptionHandler((thread, e) -> { });
                    t.start();
                    t.join();
                    return out[0];
                }
            }
            """;

    static final String TESTS = """
            package com.example;

            import static org.assertj.core.api.Assertions.assertThat;

            import dev.duo.DuoClient;
            import dev.duo.Message;
            import dev.duo.BlockingStream;
            import dev.duo.testkit.FakeModelClient;
            import dev.duo.testkit.Fault;
            import dev.duo.testkit.FaultPlan;
            import dev.duo.testkit.junit.DuoTest;
            import java.util.List;
            import java.util.Map;
            import org.junit.jupiter.api.Test;

            @DuoTest
            class CodeServiceTest {
                @Test
                void scriptsAndAssertsByAlias(FakeModelClient fake) {
                    fake.whenFeature("code_generation").thenAnswer("def add(a, b): return a + b");
                    assertThat(CodeService.generate("add two numbers")).isEqualTo("def add(a, b): return a + b");
                    fake.assertCalled("code_generation").assertUserMessageContains("add two numbers");
                }

                @Test
                void mistypesAFeature(FakeModelClient fake) {
                    fake.whenFeature("review_merge_requests").thenAnswer("LGTM");
                }

                @Test
                void callsAnotherFeatureThanScripted(FakeModelClient fake) {
                    fake.whenFeature("generate_commit_message").thenAnswer("Fix the README link");
                    CodeService.summarize("+a line");
                }

                @Test
                void swallowsTheUnscriptedCall(FakeModelClient fake) throws Exception {
                    assertThat(CodeService.generateOrFallBack("add two numbers")).isEqualTo("fallback");
                }

                @Test
                void optsInToADefaultAnswer(FakeModelClient fake) {
                    fake.defaultAnswer("ok");
                    assertThat(CodeService.generate("anything")).isEqualTo("ok");
                }

                @Test
                void readsAStreamToItsEndWithoutClosingIt(FakeModelClient fake) {
                    fake.whenFeature("duo_chat").thenAnswer("Hello there");
                    BlockingStream s = DuoClient.forFeature("duo_chat").streamBlocking(Map.of("messages", List.of(Message.user("hi"))));
                    assertThat(s.completion().text()).isEqualTo("Hello there");
                }

                @Test
                void leavesAStalledStreamOpen(FakeModelClient fake) {
                    fake.whenFeature("duo_chat").thenAnswer("Hello there");
                    fake.faultPlan(FaultPlan.builder().next(Fault.stall()).build());
                    DuoClient.forFeature("duo_chat").streamBlocking(Map.of("messages", List.of(Message.user("hi"))));
                }
            }
            """;

    static final String RECORDED = """
            package com.example;

            import dev.duo.ModelParams;
            import dev.duo.model.ApiKey;
            import dev.duo.model.ModelFamily;
            import dev.duo.model.SelfHostedModel;
            import dev.duo.spi.ModelClient;
            import dev.duo.testkit.CallLog;
            import dev.duo.testkit.FakeModelClient;
            import dev.duo.testkit.junit.DuoTest;
            import dev.duo.testkit.junit.ModelClientFactory;
            import java.util.Optional;
            import org.junit.jupiter.api.Test;

            @DuoTest(recording = DuoTest.METHOD, recordWith = RecordedTest.RealModel.class)
            class RecordedTest {
                static final class RealModel implements ModelClientFactory {
                    static final SelfHostedModel MY_FIREWORKS_MODEL = SelfHostedModel.builder()
                            .name("Codestral 22b v0.1 [Fireworks AI]")
                            .family(ModelFamily.CODESTRAL)
                            .identifier("fireworks_ai/accounts/fireworks/models/codestral-22b-v0p1")
                            .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY"))
                            .params(ModelParams.builder().temperature(0.7).build())
                            .build();

                    @Override
                    public Optional<SelfHostedModel> model() {
                        return Optional.of(MY_FIREWORKS_MODEL);
                    }

                    @Override
                    public ModelClient create() {   // in this test, a fake stands in for Fireworks
                        return FakeModelClient.answering("def add(a, b): return a + b");
                    }
                }

                @Test
                void generates(CallLog calls) {
                    CodeService.generate("add two numbers");
                    calls.assertCalled("code_generation");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theFakeResolvesAliasesRefusesTyposAndAnswersOnlyWhatTheTestScripted() throws Exception {
        UserProject.Run run = new UserProject(dir).source("com/example/CodeService.java", SERVICE)
                .source("com/example/CodeServiceTest.java", TESTS).test("com.example.CodeServiceTest");

        assertThat(run.found()).isEqualTo(7);
        Map<String, Throwable> failed = run.failures();
        assertThat(failed).containsOnlyKeys("mistypesAFeature(FakeModelClient)", "callsAnotherFeatureThanScripted(FakeModelClient)",
                "swallowsTheUnscriptedCall(FakeModelClient)", "leavesAStalledStreamOpen(FakeModelClient)");

        assertThat(failed.get("mistypesAFeature(FakeModelClient)")).isInstanceOf(UnknownFeatureException.class)
                .hasMessageStartingWith("Unknown feature 'review_merge_requests'. Did you mean review_merge_request");
        assertThat(failed.get("callsAnotherFeatureThanScripted(FakeModelClient)")).isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the fake model has no answer for call #1, to feature 'summarize_new_merge_request': "
                        + "the features scripted are [generate_commit_message].");
        assertThat(failed.get("swallowsTheUnscriptedCall(FakeModelClient)"))
                .as("the test body passed; the extension fails it after")
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the fake model has no answer for call #1, to feature 'code_generations': "
                        + "the test scripted no answer");
        assertThat(failed.get("leavesAStalledStreamOpen(FakeModelClient)")).isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the test left 1 Duo stream(s) open");
    }

    @Test
    void recordModeRecordsWhatTheRealModelIsSentAndReplayRendersTheSame() throws Exception {
        Path recordings = dir.resolve("recordings");
        UserProject project = new UserProject(dir).source("com/example/CodeService.java", SERVICE)
                .source("com/example/RecordedTest.java", RECORDED)
                .configuration("duo.recordings.dir", recordings.toString());

        UserProject.Run recorded = project.configuration("duo.recording.mode", "record").test("com.example.RecordedTest");
        assertThat(recorded.failures()).isEmpty();
        assertThat(recorded.succeeded()).isEqualTo(1);

        Exchange x = Recording.read(recordings.resolve("RecordedTest/generates.json")).exchanges().get(0);
        assertThat(x.model()).isEqualTo("Codestral 22b v0.1 [Fireworks AI]");
        // codestral's code generation prompt has the base prompt's messages and stop sequences of its
        // own; claude_3 (@DuoTest's family) renders the base prompt, without them
        assertThat(x.messages()).as("the prompt of the codestral family").isEqualTo(rendered(ModelFamily.CODESTRAL));
        assertThat(x.params().stop()).as("codestral's stop sequences, not @DuoTest's claude_3 prompt")
                .hasValue(List.of("[INST]", "[/INST]"));
        assertThat(x.params().temperature()).as("the real model's own params").hasValue(0.7);

        UserProject.Run replayed = project.configuration("duo.recording.mode", "replay").test("com.example.RecordedTest");
        assertThat(replayed.failures()).as("replay renders for the same model, so the request matches").isEmpty();
        assertThat(replayed.succeeded()).isEqualTo(1);
    }

    /** The messages a code generation call renders for a model of this family. */
    private static List<Message> rendered(ModelFamily family) {
        FakeModelClient fake = FakeModelClient.builder().build().defaultAnswer("x");
        try (DuoClient duo = TestClients.builder(fake).family(family).build()) {
            duo.feature("code_generation").generate(Map.of("user_instruction", "add two numbers"));
        }
        fake.close();
        return fake.requests().get(0).messages();
    }
}
