package dev.duo.testkit.junit.scenarios;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.model.Secret;
import dev.duo.BlockingStream;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.junit.DuoTest;
import dev.duo.testkit.junit.ModelClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A recorded test as a user writes one; ExtensionBehaviourTest runs it in record mode against a
 * local HTTP server, then in replay mode offline, then with a changed input.
 */
@DuoTest(recording = DuoTest.METHOD, recordWith = RecordedScenario.RealClient.class)
public class RecordedScenario {

    /** The real client the outer test provides (a client of its local server). */
    public static volatile Supplier<ModelClient> real;
    /** The secret the real client sends and the outer test plants in the input. */
    public static volatile String secret = "unset-secret-value";
    /** What the code under test sends. */
    public static volatile String diff = "";
    /** What each run got: text, finish reason, usage, request id, chunks. */
    public static final List<String> RESULTS = new ArrayList<>();

    /** Makes the real client in record mode. */
    public static final class RealClient implements ModelClientFactory {
        @Override
        public ModelClient create() {
            return real.get();
        }

        @Override
        public String modelName() {
            return "Mini [local]";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(Secret.of(secret));
        }
    }

    @Test
    void writesACommitMessageAndStreamsCode(CallLog calls) {
        Completion c = DuoClient.forFeature("generate_commit_message").generate(Map.of("diff", diff));
        List<String> chunks = new ArrayList<>();
        Completion code;
        try (BlockingStream s = DuoClient.forFeature("code_generation").streamBlocking(Map.of("user_instruction", "greet"))) {
            s.forEachRemaining(chunks::add);
            code = s.completion();
        }
        RESULTS.add(c.text() + "|" + c.finishReason() + "|" + c.usage() + "|" + c.requestId().orElse("")
                + "|" + chunks + "|" + code.text() + "|" + code.finishReason() + "|" + code.usage());
        calls.assertCalled("generate_commit_message").assertUserMessageContains("+greeting=");
    }
}
