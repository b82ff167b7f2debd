package dev.duo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.spi.ModelClient;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.junit.DuoTest;
import dev.duo.testkit.junit.ModelClientFactory;
import org.junit.jupiter.api.Test;

/**
 * Record and replay: this test answers from
 * {@code src/test/resources/duo-recordings/CommitMessageServiceRecordedTest/<method>.json}, offline.
 * Run it once with {@code -Dduo.recording.mode=record} to (re)make that file through {@link Model}.
 */
@DuoTest(recording = DuoTest.METHOD, recordWith = CommitMessageServiceRecordedTest.Model.class)
class CommitMessageServiceRecordedTest {

    /** The model recordings are made against. */
    static final class Model implements ModelClientFactory {
        @Override
        public ModelClient create() {
            // In your project, name your real model instead and leave create() to the default, which calls it:
            //   public Optional<SelfHostedModel> model() {
            //       return Optional.of(SelfHostedModel.builder().name("Mixtral 8x22b [Fireworks AI]")
            //           .family(ModelFamily.MIXTRAL).identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
            //           .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY")).build());
            //   }
            // This example records against a scripted fake so that it can be re-recorded offline.
            return FakeModelClient.builder().defaultAnswer(FakeModelClient.Answer
                    .text("Fix the docs link in README\n\nThe docs moved to https://example.com/docs.\n\nFixes DUO-42")
                    .usage(212, 21)).build();
        }

        @Override
        public String modelName() {
            return "scripted fake (see Model.create)";
        }
    }

    @Test
    void writesAMessageThatMentionsTheTicket(CallLog calls) {
        String message = new CommitMessageService().messageFor(CommitMessageServiceTest.DIFF, "DUO-42");

        assertThat(message).startsWith("Fix the docs link in README").endsWith("Fixes DUO-42");
        calls.assertCalled("generate_commit_message").assertUserMessageContains("Mention ticket DUO-42");
    }
}
