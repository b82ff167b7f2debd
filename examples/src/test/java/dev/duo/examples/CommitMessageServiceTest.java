package dev.duo.examples;

import static dev.duo.testkit.RequestMatcher.feature;
import static dev.duo.testkit.RequestMatcher.userMessageContains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FakeModelClient.Answer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.RecordedCall;
import dev.duo.testkit.junit.DuoTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How to unit-test code that uses Duo: {@code @DuoTest}, the fake, and assertions on what was sent. */
@DuoTest
class CommitMessageServiceTest {

    static final String DIFF = """
            diff --git a/README.md b/README.md
            -See the [docs](http://example.com/doc)
            +See the [docs](https://example.com/docs)
            """;

    private final CommitMessageService service = new CommitMessageService();

    @Test
    void asksTheCommitMessageFeatureWithTheDiff(FakeModelClient fake) {
        fake.whenFeature("generate_commit_message").thenAnswer("```\nFix the docs link in README\n```");

        String message = service.messageFor(DIFF, null);

        RecordedCall call = fake.assertCalled("generate_commit_message");
        call.assertUserMessageContains("+See the [docs](https://example.com/docs)");
        assertThat(call.params().temperature()).hasValue(0.2);   // from the bundled prompt
        assertThat(message).isEqualTo("Fix the docs link in README");
    }

    @Test
    void mentionsTheTicket(FakeModelClient fake) {
        fake.whenFeature("generate_commit_message").thenAnswer("Fix the docs link\n\nFixes DUO-42");

        String message = service.messageFor(DIFF, "DUO-42");

        fake.assertCalled(feature("generate_commit_message").and(userMessageContains("Mention ticket DUO-42")));
        assertThat(message).endsWith("Fixes DUO-42");
    }

    @Test
    void retriesAPassingOutageAndFallsBackOnALongOne(FakeModelClient fake) {
        fake.faultPlan(FaultPlan.builder().next(Fault.status(503)).build());
        fake.enqueue("Fix the docs link");
        assertThat(service.messageFor(DIFF, null)).isEqualTo("Fix the docs link");
        assertThat(fake.requests()).hasSize(2);   // the 503, then the retry

        fake.faultPlan(FaultPlan.builder().next(3, Fault.status(503)).build());
        assertThat(service.messageFor(DIFF, null)).isEqualTo(CommitMessageService.FALLBACK);
    }

    @Test
    void streamsTheMessageAsItIsWritten(FakeModelClient fake) {
        fake.whenFeature("generate_commit_message").thenAnswer(Answer.text("Fix the docs link").chunks("Fix ", "the docs ", "link"));
        List<String> seen = new ArrayList<>();

        String message = service.streamMessageFor(DIFF, seen::add);

        assertThat(seen).containsExactly("Fix ", "the docs ", "link");
        assertThat(message).isEqualTo("Fix the docs link");
    }
}
