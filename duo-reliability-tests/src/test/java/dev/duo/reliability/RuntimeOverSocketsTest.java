package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.BlockingStream;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The call runtime against plain-socket servers, through a real {@link DuoClient} and the
 * OpenAI-compatible provider: cancels, closes and interrupts reach the socket (the server sees the
 * connection closed), a blocking answer is never cut by the stream idle timeout, the call's total
 * beats a bundled prompt's params.timeout, and a keep-alive connection the server closed while idle
 * costs no attempt. Real time is unavoidable here: every wait is for a condition, with a generous bound.
 */
class RuntimeOverSocketsTest {

    /** "Within 1 s" as the runtime promises; the socket close is given more on a loaded machine. */
    static final Duration PROMPT = Duration.ofSeconds(1);
    static final Duration BOUND = Duration.ofSeconds(10);
    static final Map<String, String> INPUTS = Rig.INPUTS;

    @TempDir
    Path dir;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger callLog = (Logger) LoggerFactory.getLogger("dev.duo.call");
    private SocketServer server;
    private DuoClient duo;

    @BeforeEach
    void captureLogs() {
        warnings.start();
        callLog.addAppender(warnings);
    }

    @AfterEach
    void close() throws IOException {
        callLog.detachAppender(warnings);
        if (duo != null) {
            duo.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private DuoClient client(SocketServer s, String timeouts) throws IOException {
        String yml = "models:\n  - name: \"Mixtral [sockets]\"\n    family: mixtral\n"
                + "    identifier: fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct\n"
                + "    endpoint: " + s.endpoint() + "\n    api_key: ${FIREWORKS_AI_API_KEY}\n"
                + "    timeouts: " + timeouts + "\n"
                + "features:\n  code_generations: { provider: self_hosted, model: \"Mixtral [sockets]\" }\n";
        Path file = dir.resolve("duo.yml");
        Files.writeString(file, yml);
        CallListener l = new CallListener() {
            @Override
            public void onRetry(CallEvent e) {
                events.add("retry");
            }

            @Override
            public void onResponse(CallEvent e) {
                events.add("response attempts=" + e.attempts());
            }

            @Override
            public void onError(CallEvent e) {
                events.add("error " + e.error().map(x -> x.getClass().getSimpleName()).orElse("?"));
            }
        };
        duo = DuoClient.builder().configFile(file).environment(Map.of("FIREWORKS_AI_API_KEY", Secrets.FIREWORKS_KEY))
                .workingDirectory(dir).provider(new OpenAiCompatibleProvider()).retryPolicy(Rig.RETRY).listener(l).build();
        return duo;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(5);
        }
    }

    private List<String> retryWarnings() {
        return warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A blocking generate() on its own thread: its outcome and when it ended. */
    private static final class Caller extends Thread {
        final DuoClient duo;
        volatile Object outcome;
        volatile long endedAt;

        Caller(DuoClient duo) {
            this.duo = duo;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                outcome = duo.feature("code_generation").generate(INPUTS);
            } catch (RuntimeException e) {
                outcome = e;
            }
            endedAt = System.nanoTime();
        }
    }

    @Test
    void anInterruptOfAThreadBlockedInGenerateCancelsTheHttpCall() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        Caller caller = new Caller(client(server, "{ connect: 2s, attempt: 20s, total: 30s, idle: 1s }"));
        caller.start();
        await("the request", () -> server.requests.get() == 1);

        long interruptedAt = System.nanoTime();
        caller.interrupt();
        caller.join(BOUND.toMillis());

        assertThat(caller.outcome).isInstanceOf(CancelledException.class);
        assertThat(Duration.ofNanos(caller.endedAt - interruptedAt)).isLessThan(PROMPT);
        assertThat(server.awaitClosedByClient(BOUND)).as("the server sees the connection closed").isTrue();
        assertThat(server.requests).hasValue(1);
        assertThat(retryWarnings()).as("no retry WARN after a cancel").isEmpty();
        assertThat(events).containsExactly("error CancelledException");
    }

    @Test
    void cancellingTheFutureOfGenerateAsyncClosesTheConnection() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        CompletableFuture<Completion> f = client(server, "{ connect: 2s, attempt: 20s, total: 30s, idle: 1s }")
                .feature("code_generation").generateAsync(INPUTS);
        await("the request", () -> server.requests.get() == 1);

        long cancelledAt = System.nanoTime();
        f.cancel(true);

        assertThat(server.awaitClosedByClient(BOUND)).isTrue();
        assertThat(Duration.ofNanos(server.closedAtNanos.get(0) - cancelledAt)).isLessThan(PROMPT);
        assertThat(f).isCancelled();
        Thread.sleep(50);
        assertThat(server.requests).as("no further attempt").hasValue(1);
        assertThat(events).containsExactly("error CancelledException");
    }

    @Test
    void cancellingAStreamClosesTheConnection() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        CompletableFuture<DuoException> end = new CompletableFuture<>();
        StreamHandle h = client(server, "{ connect: 2s, attempt: 20s, total: 30s, idle: 1s }").feature("code_generation")
                .stream(INPUTS, new StreamListener() {
                    @Override
                    public void onChunk(String text) {
                    }

                    @Override
                    public void onComplete(Completion completion) {
                        end.complete(null);
                    }

                    @Override
                    public void onError(DuoException error) {
                        end.complete(error);
                    }
                });
        await("the request", () -> server.requests.get() == 1);

        h.cancel();

        assertThat(end.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(CancelledException.class);
        assertThat(server.awaitClosedByClient(BOUND)).isTrue();
        assertThat(server.requests).hasValue(1);
    }

    @Test
    void closingABlockingStreamClosesTheConnection() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        BlockingStream s = client(server, "{ connect: 2s, attempt: 20s, total: 30s, idle: 1s }").feature("code_generation")
                .streamBlocking(INPUTS);
        await("the request", () -> server.requests.get() == 1);

        s.close();

        assertThat(server.awaitClosedByClient(BOUND)).isTrue();
        assertThat(server.requests).hasValue(1);
    }

    @Test
    void closingTheDuoClientCancelsTheCallsInFlight() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        Caller caller = new Caller(client(server, "{ connect: 2s, attempt: 20s, total: 30s, idle: 1s }"));
        caller.start();
        await("the request", () -> server.requests.get() == 1);

        long closedAt = System.nanoTime();
        duo.close();
        caller.join(BOUND.toMillis());

        assertThat(caller.outcome).isInstanceOf(CancelledException.class);
        assertThat(((DuoException) caller.outcome)).hasMessageContaining("DuoClient was closed");
        assertThat(Duration.ofNanos(caller.endedAt - closedAt)).isLessThan(PROMPT);
        assertThat(server.awaitClosedByClient(BOUND)).isTrue();
    }

    @Test
    void aWholeAnswerSlowerThanTheIdleTimeoutIsNotCut() throws Exception {
        // idle bounds silence inside a stream only; a blocking answer may take its whole attempt
        server = new SocketServer(SocketServer.Mode.SLOW_ANSWER, Duration.ofMillis(1200));
        Completion c = client(server, "{ connect: 2s, attempt: 10s, total: 20s, idle: 300ms }")
                .feature("code_generation").generate(INPUTS);

        assertThat(c.text()).isEqualTo("done");
        assertThat(server.requests).hasValue(1);
        assertThat(events).containsExactly("response attempts=1");
    }

    @Test
    void theModelsTotalBeatsTheBundledPromptsParamsTimeout() throws Exception {
        server = new SocketServer(SocketServer.Mode.NEVER_ANSWERS, Duration.ZERO);
        DuoClient d = client(server, "{ connect: 2s, attempt: 1s, total: 1500ms, idle: 1s }");
        long t0 = System.nanoTime();
        DuoException e = null;
        try {
            d.feature("code_generation").generate(INPUTS);
        } catch (DuoException x) {
            e = x;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(e).isInstanceOf(DuoTimeoutException.class);
        assertThat(took).as("1.5 s, not the prompt's 30 s or more").isLessThan(Duration.ofMillis(1500).plus(Rig.SLACK));
    }

    @Test
    void aKeepAliveConnectionTheServerClosedWhileIdleCostsNoAttempt() throws Exception {
        server = new SocketServer(SocketServer.Mode.CLOSES_IDLE_CONNECTIONS, Duration.ofMillis(1200));
        DuoClient d = client(server, "{ connect: 2s, attempt: 5s, total: 10s, idle: 1s }");
        assertThat(d.feature("code_generation").generate(INPUTS).text()).isEqualTo("done");
        await("the server to close the idle connection", () -> server.idleClosed.get() == 1);
        Thread.sleep(20);   // let the FIN reach the client's socket

        Completion again = d.feature("code_generation").generate(INPUTS);

        assertThat(again.text()).isEqualTo("done");
        assertThat(events).containsExactly("response attempts=1", "response attempts=1");
        assertThat(retryWarnings()).isEmpty();
        assertThat(server.requests).as("the stale connection carried no request").hasValue(2);
        assertThat(server.connections).hasValue(2);
    }
}
