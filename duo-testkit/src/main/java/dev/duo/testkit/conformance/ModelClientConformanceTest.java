package dev.duo.testkit.conformance;

import dev.duo.spi.Attempt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.FinishReason;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.Message;
import dev.duo.ModelNotFoundException;
import dev.duo.ModelParams;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.StreamHandle;
import dev.duo.Usage;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every provider's {@link ModelClient} must have, checked against the provider's
 * fake server. A provider test extends this class and says how to start its fake with a
 * {@link FaultPlan} and how to make its client pointed at it:
 *
 * <pre>{@code
 * class FireworksConformanceTest extends ModelClientConformanceTest {
 *     protected ConformanceServer startServer(FaultPlan plan) {
 *         return FakeOpenAiServer.builder().faultPlan(plan).start();
 *     }
 *     protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
 *         return provider.createClient(contextFor(server.endpoint(), timeouts));
 *     }
 * }
 * }</pre>
 *
 * <p>Fakes echo the last user message word by word (see {@link ConformanceServer}). Timeouts are
 * short (an idle timeout of {@link #IDLE}) so stalls end quickly; no assertion measures time.
 */
public abstract class ModelClientConformanceTest {

    /**
     * The stream idle (read) timeout the suite's clients use: short so stalls end quickly, but with
     * room for a loaded build machine, where a healthy answer may pause for a few hundred ms.
     */
    protected static final Duration IDLE = Duration.ofSeconds(1);
    /** Long enough for any terminal signal on a loaded machine. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    private ConformanceServer server;
    private ModelClient client;

    /** Starts the provider's fake server applying this plan. */
    protected abstract ConformanceServer startServer(FaultPlan plan);

    /** Makes the provider's client for the fake at this server's endpoint, with these timeouts. */
    protected abstract ModelClient newClient(ConformanceServer server, Timeouts timeouts);

    /** The timeouts of the suite's clients: short idle, generous attempt. */
    protected Timeouts timeouts() {
        return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(30), IDLE);
    }

    private ModelClient clientFor(FaultPlan plan) {
        server = startServer(plan);
        client = newClient(server, timeouts());
        return client;
    }

    private ModelClient clientWith(Fault fault) {
        return clientFor(FaultPlan.builder().next(fault).build());
    }

    @AfterEach
    public void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A chat request of one user message. */
    protected static ModelRequest ask(String text, ModelParams params) {
        return ModelRequest.builder().messages(List.of(Message.system("Echo."), Message.user(text))).params(params).build();
    }

    /**
     * The request the suite sends to have {@code text} echoed: {@link #ask} by default; a provider
     * whose API is not message-based (the AI gateway's prompt API) sends its own equivalent.
     */
    protected ModelRequest request(String text, ModelParams params) {
        return ask(text, params);
    }

    /** Whether the provider's API reports token usage (the AI gateway's prompt API does not). */
    protected boolean apiReportsUsage() {
        return true;
    }

    /** Whether the provider's API reports why the answer ended (the AI gateway's prompt API does not). */
    protected boolean apiReportsFinishReason() {
        return true;
    }

    /**
     * Whether a call's max tokens and stop sequences reach the model; when not (the AI gateway's
     * prompt definition sets them), the client must refuse such a request with an
     * {@link InvalidRequestException} rather than drop them.
     */
    protected boolean apiSendsCallParams() {
        return true;
    }

    /** The error type an HTTP status maps to; a provider whose statuses mean something else overrides it. */
    protected Class<? extends DuoException> expectedErrorType(int status) {
        return switch (status) {
            case 400 -> InvalidRequestException.class;
            case 401, 403 -> AuthenticationException.class;
            case 404 -> ModelNotFoundException.class;
            case 408 -> DuoTimeoutException.class;
            case 429 -> RateLimitedException.class;
            default -> ProviderUnavailableException.class;
        };
    }

    private boolean refusesParams(ModelRequest r) {
        if (apiSendsCallParams()) {
            return false;
        }
        ModelClient c = clientFor(FaultPlan.none());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> c.complete(r, Attempt.of(timeouts())));
        assertTrue(e.getMessage().contains(r.params().maxTokens().isPresent() ? "max_tokens" : "stop"), e::getMessage);
        assertEquals(0, server.requestCount(), "refused before sending");
        return true;
    }

    private RecordingListener stream(ModelClient c, ModelRequest r) {
        RecordingListener l = new RecordingListener();
        c.stream(r, Attempt.of(timeouts()), l);
        return l.awaitTerminal(WAIT);
    }

    private static void assertOneTerminal(RecordingListener l) {
        assertEquals(1, l.terminalCount(), "exactly one terminal signal");
        assertFalse(l.chunkAfterTerminal(), "no chunk after the terminal signal");
    }

    @Test
    public void answersAPlainRequest() {
        Completion c = clientFor(FaultPlan.none()).complete(request("one two three", ModelParams.NONE), Attempt.of(timeouts()));
        assertEquals("one two three", c.text());
        assertEquals(apiReportsFinishReason() ? FinishReason.STOP : FinishReason.OTHER, c.finishReason());
        assertEquals(1, server.requestCount());
    }

    @Test
    public void reportsUsage() {
        Completion c = clientFor(FaultPlan.none()).complete(request("one two three", ModelParams.NONE), Attempt.of(timeouts()));
        if (!apiReportsUsage()) {
            assertEquals(Usage.UNKNOWN, c.usage());
            return;
        }
        assertEquals(3, c.usage().outputTokens());
        assertTrue(c.usage().inputTokens() >= 3, "input tokens counted: " + c.usage());
    }

    @Test
    public void streamsChunksThenCompletes() {
        RecordingListener l = stream(clientFor(FaultPlan.none()), request("one two three four", ModelParams.NONE));
        assertNull(l.error(), () -> "unexpected error " + l.error());
        assertOneTerminal(l);
        assertTrue(l.chunks().size() >= 2, "several chunks: " + l.chunks());
        assertEquals("one two three four", l.text());
        assertEquals(l.text(), l.completion().text());
        assertEquals(apiReportsFinishReason() ? FinishReason.STOP : FinishReason.OTHER, l.completion().finishReason());
        assertEquals(apiReportsUsage() ? 4 : 0, l.completion().usage().outputTokens());
    }

    @Test
    public void honoursStopSequences() {
        ModelParams p = ModelParams.builder().stop(List.of("gamma")).build();
        if (refusesParams(request("alpha beta gamma delta", p))) {
            return;
        }
        Completion c = clientFor(FaultPlan.none()).complete(request("alpha beta gamma delta", p), Attempt.of(timeouts()));
        assertEquals("alpha beta", c.text().strip());
        assertTrue(c.finishReason() == FinishReason.STOP || c.finishReason() == FinishReason.STOP_SEQUENCE,
                "finish reason " + c.finishReason());
    }

    @Test
    public void maxTokensEndsWithLength() {
        ModelParams p = ModelParams.builder().maxTokens(2).build();
        if (refusesParams(request("one two three four five", p))) {
            return;
        }
        Completion c = clientFor(FaultPlan.none()).complete(request("one two three four five", p), Attempt.of(timeouts()));
        assertEquals("one two", c.text());
        assertEquals(FinishReason.LENGTH, c.finishReason());
        assertEquals(2, c.usage().outputTokens());
    }

    @Test
    public void maxTokensEndsWithLengthWhenStreaming() {
        ModelParams p = ModelParams.builder().maxTokens(2).build();
        if (refusesParams(request("one two three four five", p))) {
            return;
        }
        RecordingListener l = stream(clientFor(FaultPlan.none()), request("one two three four five", p));
        assertOneTerminal(l);
        assertEquals(FinishReason.LENGTH, l.completion().finishReason());
        assertEquals("one two", l.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 408, 429, 500, 503})
    public void mapsErrorStatuses(int status) {
        Fault.Status fault = Fault.status(status).withMessage("provider says " + status);
        if (status == 429) {
            fault = fault.withRetryAfter(Duration.ofSeconds(2));
        }
        ModelClient c = clientWith(fault);
        DuoException e = assertThrows(DuoException.class, () -> c.complete(request("hi", ModelParams.NONE), Attempt.of(timeouts())));
        checkStatus(status, e);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 408, 429, 500, 503})
    public void mapsErrorStatusesWhenStreaming(int status) {
        Fault.Status fault = Fault.status(status).withMessage("provider says " + status);
        if (status == 429) {
            fault = fault.withRetryAfter(Duration.ofSeconds(2));
        }
        RecordingListener l = stream(clientWith(fault), request("hi", ModelParams.NONE));
        assertOneTerminal(l);
        assertTrue(l.chunks().isEmpty());
        checkStatus(status, l.error());
    }

    private void checkStatus(int status, DuoException e) {
        assertNotNull(e, "an error for HTTP " + status);
        Class<? extends DuoException> type = expectedErrorType(status);
        assertInstanceOf(type, e, () -> "HTTP " + status + " gave " + e);
        boolean retryable = status == 408 || status == 429 || status >= 500;
        assertEquals(retryable, e.retryable(), () -> "retryable for HTTP " + status);
        assertEquals(status, e.context().status().orElse(-1));
        assertTrue(e.getMessage().contains("provider says " + status), () -> "provider message kept: " + e.getMessage());
        if (status == 429) {
            assertEquals(Duration.ofSeconds(2), e.context().retryAfter().orElse(null));
        }
    }

    @Test
    public void midStreamDisconnectIsOneRetryableError() {
        RecordingListener l = stream(clientWith(Fault.disconnectAfterChunks(2)), request("one two three four five", ModelParams.NONE));
        assertOneTerminal(l);
        assertNotNull(l.error(), "an error, not a completion");
        assertTrue(l.error().retryable(), () -> "retryable: " + l.error());
        assertEquals(2, l.chunks().size(), "the chunks sent before the drop were delivered");
    }

    @Test
    public void stalledHeadersTimeOut() {
        ModelClient c = clientWith(Fault.stall());
        DuoException e = assertThrows(DuoException.class, () -> c.complete(request("hi", ModelParams.NONE), Attempt.of(timeouts())));
        assertInstanceOf(DuoTimeoutException.class, e, e::toString);
    }

    @Test
    public void stalledHeadersTimeOutWhenStreaming() {
        RecordingListener l = stream(clientWith(Fault.stall()), request("hi", ModelParams.NONE));
        assertOneTerminal(l);
        assertInstanceOf(DuoTimeoutException.class, l.error(), String.valueOf(l.error()));
    }

    @Test
    public void stalledStreamTimesOut() {
        RecordingListener l = stream(clientWith(Fault.stallAfterChunks(1)), request("one two three", ModelParams.NONE));
        assertOneTerminal(l);
        assertInstanceOf(DuoTimeoutException.class, l.error(), String.valueOf(l.error()));
        assertEquals(List.of("one"), l.chunks());
    }

    @Test
    public void malformedAnswerIsInvalidResponse() {
        ModelClient c = clientWith(Fault.malformed());
        DuoException e = assertThrows(DuoException.class, () -> c.complete(request("hi there", ModelParams.NONE), Attempt.of(timeouts())));
        assertInstanceOf(InvalidResponseException.class, e, e::toString);
    }

    @Test
    public void malformedStreamIsOneInvalidResponse() {
        RecordingListener l = stream(clientWith(Fault.malformed()), request("one two three", ModelParams.NONE));
        assertOneTerminal(l);
        assertInstanceOf(InvalidResponseException.class, l.error(), String.valueOf(l.error()));
    }

    @Test
    public void connectionResetIsRetryable() {
        ModelClient c = clientWith(Fault.reset());
        DuoException e = assertThrows(DuoException.class, () -> c.complete(request("hi", ModelParams.NONE), Attempt.of(timeouts())));
        assertTrue(e.retryable(), e::toString);
    }

    @Test
    public void cancelEndsTheStreamWithOneCancelledError() throws InterruptedException {
        ModelClient c = clientWith(Fault.stallAfterChunks(1));
        RecordingListener l = new RecordingListener();
        StreamHandle h = c.stream(request("one two three", ModelParams.NONE), Attempt.of(timeouts()), l);
        assertTrue(l.awaitFirstChunk(WAIT), "first chunk");
        h.cancel();
        l.awaitTerminal(WAIT);
        assertOneTerminal(l);
        assertInstanceOf(CancelledException.class, l.error(), String.valueOf(l.error()));
        assertTrue(h.isDone());
        h.cancel(); // idempotent
        assertEquals(1, l.terminalCount());
    }

    @Test
    public void aThrowingListenerStillGetsOneTerminalSignal() {
        RecordingListener l = new RecordingListener() {
            @Override
            public void onChunk(String text) {
                super.onChunk(text);
                throw new IllegalStateException("listener bug");
            }
        };
        clientFor(FaultPlan.none()).stream(request("one two three", ModelParams.NONE), Attempt.of(timeouts()), l);
        l.awaitTerminal(WAIT);
        assertOneTerminal(l);
        assertNotNull(l.error(), "the stream ends with an error");
        assertEquals(1, l.chunks().size(), "no chunk after the listener threw");
    }
}
