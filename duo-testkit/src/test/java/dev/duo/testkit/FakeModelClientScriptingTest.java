package dev.duo.testkit;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamListener;
import dev.duo.model.ModelFamily;
import dev.duo.BlockingStream;
import dev.duo.spi.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FakeModelClientScriptingTest {

    private static final String DIFF = "diff --git a/README.md b/README.md\n-Hello\n+Hello, world\n";

    private static ModelRequest request(String feature, String user) {
        return ModelRequest.builder().messages(List.of(Message.system("sys"), Message.user(user))).feature(feature).build();
    }

    @Test
    void rulesAnswerByFeatureAndByContentNewestFirstThenQueueThenDefault() {
        FakeModelClient fake = FakeModelClient.answering("default");
        fake.enqueue("queued");
        fake.whenFeature("duo_chat").thenAnswer("chat 1", "chat 2");
        fake.when(RequestMatcher.feature("duo_chat").and(RequestMatcher.userMessageContains("monad")))
                .thenAnswer("a monoid in the category of endofunctors");

        assertThat(fake.complete(request("duo_chat", "what is a monad?"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("a monoid in the category of endofunctors");
        assertThat(fake.complete(request("duo_chat", "hi"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("chat 1");
        assertThat(fake.complete(request("duo_chat", "hi"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("chat 2");
        assertThat(fake.complete(request("duo_chat", "hi"), Attempt.of(Timeouts.DEFAULTS)).text()).as("the last answer repeats").isEqualTo("chat 2");
        assertThat(fake.complete(request("code_generations", "x"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("queued");
        assertThat(fake.complete(request("code_generations", "x"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("default");
        fake.close();
    }

    @Test
    void aFaultDoesNotUseUpARuleAnswerSoTheRetryGetsIt() {
        FakeModelClient fake = FakeModelClient.builder()
                .faultPlan(FaultPlan.builder().next(Fault.status(503)).build()).build();
        fake.whenFeature("duo_chat").thenAnswer("first", "second");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            Completion c = duo.feature("duo_chat").chat(List.of(Message.user("hi")));
            assertThat(c.text()).isEqualTo("first");
            assertThat(fake.requests()).hasSize(2);
        }
        fake.close();
    }

    @Test
    void streamsAnAnswerInChunksOfTheGivenSize() {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.whenFeature("code_generations").thenAnswer(FakeModelClient.Answer.text("def add(a, b):").chunkSize(4));
        List<String> chunks = new ArrayList<>();
        try (DuoClient duo = TestClients.wiredTo(fake);
             BlockingStream s = duo.feature("code_generation").streamBlocking(Map.of("user_instruction", "add"))) {
            s.forEachRemaining(chunks::add);
            assertThat(s.completion().text()).isEqualTo("def add(a, b):");
        }
        assertThat(chunks).containsExactly("def ", "add(", "a, b", "):");
        assertThat(fake.openStreams()).isZero();
        fake.close();
    }

    @Test
    void aStreamTheCallerWaitsForGetsTheSameChunksAndTheWholeAnswer() {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.whenFeature("code_generations").thenAnswer(FakeModelClient.Answer.text("def add(a, b):").chunkSize(4));
        List<String> chunks = new ArrayList<>();
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            Completion c = duo.feature("code_generation").generate(Map.of("user_instruction", "add"), chunks::add);
            assertThat(c.text()).isEqualTo("def add(a, b):");
        }
        assertThat(chunks).containsExactly("def ", "add(", "a, b", "):");
        assertThat(fake.openStreams()).isZero();
        fake.close();
    }

    @Test
    void randomFaultsFromASeedAreTheSameEveryRun() {
        List<Boolean> first = failures(42);
        assertThat(failures(42)).isEqualTo(first);
        assertThat(first).contains(true, false);
    }

    private static List<Boolean> failures(long seed) {
        FakeModelClient fake = FakeModelClient.builder().randomFaults(0.5, seed, Fault.status(503)).build()
                .defaultAnswer("hello");
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                fake.complete(request("duo_chat", "hi"), Attempt.of(Timeouts.DEFAULTS));
                out.add(false);
            } catch (ProviderUnavailableException e) {
                out.add(true);
            }
        }
        fake.close();
        return out;
    }

    @Test
    void assertCalledReturnsTheCallWithItsRenderedMessagesAndParams() {
        FakeModelClient fake = FakeModelClient.answering("Say hello to the world");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            duo.feature("generate_commit_message").generate(Map.of("diff", DIFF));
        }
        RecordedCall call = fake.assertCalled("generate_commit_message").assertUserMessageContains("+Hello, world");
        assertThat(call.systemMessage()).contains("commit messages");
        assertThat(call.userMessage()).contains("README.md");
        assertThat(call.params().temperature()).hasValue(0.2);
        fake.assertCalledTimes(RequestMatcher.feature("generate_commit_message"), 1);
        fake.assertNotCalled(RequestMatcher.feature("duo_chat"));
        fake.close();
    }

    @Test
    void aMissedAssertionSaysWhatWasExpectedAndWhyEachRecordedCallMissed() {
        FakeModelClient fake = FakeModelClient.answering("ok");
        try (DuoClient duo = TestClients.wiredTo(fake)) {
            duo.feature("summarize_new_merge_request").generate(Map.of("diff", DIFF, "title", "Greet the world"));
        }

        assertThatThrownBy(() -> fake.assertCalled(RequestMatcher.feature("generate_commit_message")
                .and(RequestMatcher.userMessageContains("Goodbye"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a call with feature = 'generate_commit_message' and a user message containing 'Goodbye'")
                .hasMessageContaining("the 1 call recorded does not match:")
                .hasMessageContaining("#1 feature=summarize_new_merge_request")
                .hasMessageContaining("[user] ")
                .hasMessageContaining("-> feature was 'summarize_new_merge_request', not 'generate_commit_message'; "
                        + "no user message contains 'Goodbye'");

        assertThatThrownBy(() -> fake.assertCalled("generate_commit_message").assertUserMessageContains("x"))
                .hasMessageContaining("feature was 'summarize_new_merge_request'");
        assertThatThrownBy(() -> fake.calls().get(0).assertUserMessageContains("Goodbye"))
                .hasMessageStartingWith("call #1 does not match: expected a user message containing 'Goodbye', "
                        + "but no user message contains 'Goodbye'.\nThe call was:\n  #1 feature=summarize_new_merge_request");
        assertThatThrownBy(fake::assertNoCalls).hasMessageStartingWith("expected no call, but 1 call was recorded:");
        assertThatThrownBy(() -> fake.assertCalledTimes(RequestMatcher.any(), 2))
                .hasMessageStartingWith("expected 2 call(s) with any request, but 1 matched; 1 call was recorded:");
        fake.close();
    }

    @Test
    void anAssertionOnAFakeNobodyCalledSaysSo() {
        FakeModelClient fake = FakeModelClient.answering("ok");
        assertThatThrownBy(() -> fake.assertCalled("duo_chat"))
                .hasMessage("expected a call with feature = 'duo_chat', but no call was recorded.");
        fake.close();
    }

    @Test
    void paramsMatcherExplainsTheParamsSent() {
        FakeModelClient fake = FakeModelClient.answering("ok");
        fake.complete(request("duo_chat", "hi").toBuilder().params(ModelParams.builder().maxTokens(64).build()).build(), Attempt.of(Timeouts.DEFAULTS));
        fake.assertCalled(RequestMatcher.params("with max_tokens 64", p -> p.maxTokens().orElse(0) == 64));
        assertThatThrownBy(() -> fake.assertCalled(RequestMatcher.params("with max_tokens 32", p -> p.maxTokens().orElse(0) == 32)))
                .hasMessageContaining("-> params ModelParams{maxTokens=64} are not with max_tokens 32");
        fake.close();
    }

    @Test
    void testClientsHonourFamilyAndBetaOptIn() {
        FakeModelClient fake = FakeModelClient.answering("ok");
        try (DuoClient noBeta = TestClients.builder(fake).family(ModelFamily.MISTRAL).betaModelsEnabled(false).build()) {
            assertThat(noBeta.config().models().get(TestClients.MODEL_NAME).family()).isEqualTo(ModelFamily.MISTRAL);
            assertThatThrownBy(() -> noBeta.feature("generate_commit_message").generate(Map.of("diff", DIFF)))
                    .isInstanceOf(DuoException.class).hasMessageContaining("beta");
        }
        fake.close();
    }

    @Test
    void streamListenerSeesChunksFromARule() throws Exception {
        FakeModelClient fake = FakeModelClient.builder().build();
        fake.whenFeature("duo_chat").thenAnswer(FakeModelClient.Answer.text("").chunks("Hel", "lo"));
        List<String> got = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        fake.stream(request("duo_chat", "hi"), Attempt.of(Timeouts.DEFAULTS), new StreamListener() {
            @Override
            public void onChunk(String text) {
                got.add(text);
            }

            @Override
            public void onComplete(Completion c) {
                done.countDown();
            }

            @Override
            public void onError(DuoException e) {
                done.countDown();
            }
        });
        done.await();
        assertThat(got).containsExactly("Hel", "lo");
        fake.close();
    }
}
