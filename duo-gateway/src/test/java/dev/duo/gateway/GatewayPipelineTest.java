package dev.duo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.StreamHandle;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import dev.duo.testkit.FakeAiGateway;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The call runtime is the same for a gateway-served feature: the pipeline's retries, listeners,
 * cancellation and logging (with the gateway token and the routed model's key redacted everywhere,
 * request and wire logging on) apply unchanged.
 */
class GatewayPipelineTest {

    static final String TOKEN = "aigw-test-token-not-a-real-one";
    static final String VLLM_KEY = "vllm-test-key-not-a-real-one";

    @TempDir
    Path dir;

    private FakeAiGateway gateway;
    private DuoClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        gateway.close();
    }

    private DuoClient client(FaultPlan plan, CallListener listener, Map<String, String> env) throws IOException {
        gateway = FakeAiGateway.builder().token(TOKEN).faultPlan(plan).start();
        Path yml = Files.writeString(dir.resolve("duo.yml"), ServedThroughGatewayTest.duoYml(gateway.url().toString()));
        java.util.Map<String, String> all = new java.util.HashMap<>(env);
        all.put("AIGW_TOKEN", TOKEN);
        all.put("VLLM_API_KEY", VLLM_KEY);
        client = DuoClient.builder().configFile(yml).environment(all).listener(listener).build();
        return client;
    }

    @Test
    void theGatewaysTransientErrorsAreRetriedAndListenersSeeEveryAttempt() throws IOException {
        List<String> events = new CopyOnWriteArrayList<>();
        CallListener listener = new CallListener() {
            @Override
            public void onRetry(CallEvent e) {
                events.add("retry " + e.provider());
            }

            @Override
            public void onResponse(CallEvent e) {
                events.add("response " + e.model() + " after " + e.attempts());
            }
        };
        DuoClient c = client(FaultPlan.builder().next(Fault.status(503)).next(Fault.status(421).withMessage("429: Too Many Requests"))
                .build(), listener, Map.of());

        Completion answer = c.feature("code_generations").generate(Map.of("user_instruction", "parse a date"));

        assertThat(answer.text()).contains("parse a date");
        assertThat(gateway.promptCalls()).hasSize(3);
        assertThat(events).containsExactly("retry ai_gateway", "retry ai_gateway", "response Codestral on vLLM after 3");
    }

    @Test
    void cancellingAStreamReachesTheGatewayCall() throws Exception {
        DuoClient c = client(FaultPlan.builder().next(Fault.stallAfterChunks(1)).build(), new CallListener() { }, Map.of());
        RecordingListener l = new RecordingListener();
        StreamHandle h = c.feature("duo_chat_explain_code").stream(Map.of("selected_text", "int x = 1;"), l);
        assertThat(l.awaitFirstChunk(Duration.ofSeconds(20))).isTrue();
        h.cancel();
        l.awaitTerminal(Duration.ofSeconds(20));
        assertThat(l.error()).isInstanceOf(CancelledException.class);
        assertThat(l.terminalCount()).isEqualTo(1);
    }

    @Test
    void withEveryLogOnNoSecretIsLogged() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level before = root.getLevel();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try {
            DuoClient c = client(FaultPlan.builder().next(Fault.status(400).withMessage("bad key " + VLLM_KEY)).build(),
                    new CallListener() { }, Map.of("AIGW_LOGGING__ENABLE_REQUEST_LOGGING", "true",
                            "AIGW_LOGGING__ENABLE_LITELLM_LOGGING", "true"));
            try {
                c.feature("code_generations").generate(Map.of("user_instruction", "x"));
            } catch (RuntimeException expected) {
                // the 400 is the point: the gateway echoed the key in its error
            }
            c.feature("code_generations").generate(Map.of("user_instruction", "y"));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("/v1/prompts/code_suggestions/generations"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("model_metadata"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(TOKEN))
                .noneSatisfy(l -> assertThat(l).contains(VLLM_KEY));
    }
}
