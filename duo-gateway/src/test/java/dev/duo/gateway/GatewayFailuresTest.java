package dev.duo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.FeatureClient;
import dev.duo.InvalidResponseException;
import dev.duo.ProviderUnavailableException;
import dev.duo.testkit.FakeAiGateway;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that is down, slow, or answers with something the prompt API does not define ends,
 * through the whole call pipeline (its retries and deadlines unchanged), in one typed error within
 * the call's deadline. The bound on elapsed time is generous (the deadline plus ten seconds) so a
 * loaded machine cannot fail it; what is checked is that the deadline, not a hang, ends the call.
 */
class GatewayFailuresTest {

    static final Duration TOTAL = Duration.ofSeconds(6);
    static final Duration SLACK = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private DuoClient client;
    private FakeAiGateway gateway;
    private MockWebServer raw;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    private FeatureClient explain(String url) throws IOException {
        Path yml = Files.writeString(dir.resolve("duo.yml"), """
                ai_gateway:
                  url: %s
                  timeouts: { connect: 1s, attempt: 2s, total: 6s, idle: 1s }
                features:
                  duo_chat_explain_code: { provider: vendored }
                """.formatted(url));
        client = DuoClient.builder().configFile(yml).environment(Map.of()).build();
        return client.feature("duo_chat_explain_code");
    }

    private FeatureClient explainWith(FaultPlan plan) throws IOException {
        gateway = FakeAiGateway.builder().faultPlan(plan).start();
        return explain(gateway.url().toString());
    }

    private static final Map<String, String> INPUTS = Map.of("selected_text", "int x = 1;");

    private static DuoException timed(Class<? extends DuoException> type, org.junit.jupiter.api.function.Executable call) {
        long start = System.nanoTime();
        DuoException e = (DuoException) assertThrows(type, call);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TOTAL.plus(SLACK));
        return e;
    }

    @Test
    void aGatewayThatIsDownIsOneUnavailableError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FeatureClient f = explain("http://127.0.0.1:" + port);
        DuoException e = timed(ProviderUnavailableException.class, () -> f.generate(INPUTS));
        assertThat(e.getMessage()).contains("could not connect to the ai gateway at http://127.0.0.1:" + port)
                .contains("check ai_gateway.url and that the gateway is running");
    }

    @Test
    void aGatewayThatNeverAnswersTimesOutWithinTheDeadline() throws IOException {
        FeatureClient f = explainWith(FaultPlan.builder().next(10, Fault.stall()).build());
        timed(DuoTimeoutException.class, () -> f.generate(INPUTS));
        assertThat(gateway.promptCalls().size()).as("attempts were retried").isGreaterThan(1);
    }

    @Test
    void aStreamThatStallsAfterItsFirstChunkTimesOut() throws IOException {
        FeatureClient f = explainWith(FaultPlan.builder().next(10, Fault.stallAfterChunks(1)).build());
        RecordingListener l = new RecordingListener();
        long start = System.nanoTime();
        f.stream(INPUTS, l);
        l.awaitTerminal(TOTAL.plus(SLACK));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TOTAL.plus(SLACK));
        assertThat(l.terminalCount()).isEqualTo(1);
        assertThat(l.error()).isInstanceOf(DuoTimeoutException.class);
        assertThat(l.chunks()).hasSize(1);
    }

    @Test
    void brokenJsonIsOneInvalidResponse() throws IOException {
        FeatureClient f = explainWith(FaultPlan.builder().next(10, Fault.malformed()).build());
        DuoException e = timed(InvalidResponseException.class, () -> f.generate(INPUTS));
        assertThat(e.getMessage()).contains("a body that is not JSON").contains("is a GitLab AI gateway");
        assertThat(gateway.promptCalls()).as("not retried: the same gateway would answer the same").hasSize(1);
    }

    @Test
    void aStreamThatIsNotUtf8IsOneInvalidResponse() throws IOException {
        FeatureClient f = explainWith(FaultPlan.builder().next(10, Fault.malformed()).build());
        RecordingListener l = new RecordingListener();
        f.stream(INPUTS, l);
        l.awaitTerminal(TOTAL.plus(SLACK));
        assertThat(l.terminalCount()).isEqualTo(1);
        assertThat(l.error()).isInstanceOf(InvalidResponseException.class);
        assertThat(l.error().getMessage()).contains("not UTF-8 text");
    }

    @Test
    void aJsonObjectWhereAStringIsDefinedIsInvalidResponse() throws IOException {
        raw = new MockWebServer();
        raw.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"response\": \"hello\"}").build());
        raw.start();
        FeatureClient f = explain("http://127.0.0.1:" + raw.getPort());
        DuoException e = timed(InvalidResponseException.class, () -> f.generate(INPUTS));
        assertThat(e.getMessage()).contains("a JSON object where the prompt API answers with a JSON string");
    }

    @Test
    void aProxysHtmlPageIsInvalidResponse() throws IOException {
        raw = new MockWebServer();
        raw.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body>Please sign in</body></html>").build());
        raw.start();
        FeatureClient f = explain("http://127.0.0.1:" + raw.getPort());
        DuoException e = timed(InvalidResponseException.class, () -> f.generate(INPUTS));
        assertThat(e.getMessage()).contains("text/html").contains("answers with a JSON string");
    }

    @Test
    void aDropMidStreamIsRetryableAndEndsInOneError() throws IOException {
        FeatureClient f = explainWith(FaultPlan.builder().next(10, Fault.disconnectAfterChunks(2)).build());
        RecordingListener l = new RecordingListener();
        f.stream(INPUTS, l);
        l.awaitTerminal(TOTAL.plus(SLACK));
        assertThat(l.terminalCount()).isEqualTo(1);
        assertThat(l.error()).isInstanceOf(ProviderUnavailableException.class);
        assertThat(l.error().getMessage()).contains("dropped mid-answer");
    }
}
