package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;

import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.InvalidResponseException;
import dev.duo.Message;
import dev.duo.StreamListener;
import dev.duo.model.Secret;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams that never end, streams of nothing, and redirects: real servers on loopback. */
class HostileStreamsTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private final MockWebServer server = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();

    @AfterEach
    void close() {
        provider.close();
        server.close();
        elsewhere.close();
    }

    /** A body that writes {@code unit} until the client goes away, counting what it wrote. */
    static final class Endless implements MockResponseBody {
        final AtomicLong written = new AtomicLong();
        private final byte[] unit;

        Endless(String unit) {
            this.unit = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            while (written.get() < 1L << 31) {
                sink.write(unit);
                sink.flush();
                written.addAndGet(unit.length);
            }
        }
    }

    private ModelClient client(long maxAnswerBytes) throws IOException {
        server.start();
        var model = TestModels.model("custom_openai/m", server.url("/v1").uri()).toBuilder().maxAnswerBytes(maxAnswerBytes).build();
        return provider.createClient(ProviderContext.builder(model).apiKey(Secret.of(TestModels.KEY)).build());
    }

    private static ModelRequest chat() {
        return ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    }

    /** Streams and waits for the one terminal signal; a completion is returned as null error. */
    static DuoException streamError(ModelClient c, AtomicLong chunks) {
        CompletableFuture<DuoException> end = new CompletableFuture<>();
        c.stream(chat(), Attempt.of(Timeouts.DEFAULTS), new StreamListener() {
            @Override
            public void onChunk(String text) {
                chunks.addAndGet(text.length());
            }

            @Override
            public void onComplete(Completion completion) {
                end.complete(null);
            }

            @Override
            public void onError(DuoException e) {
                end.complete(e);
            }
        });
        return end.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static MockResponse sse(MockResponseBody body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void anEndlessStreamOfTextEndsAtTheModelsLimitWithOneNonRetryableError() throws IOException {
        Endless body = new Endless("data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(1000) + "\"}}]}\n\n");
        server.enqueue(sse(body));
        AtomicLong chunks = new AtomicLong();
        DuoException e = streamError(client(1024 * 1024), chunks);
        assertThat(e).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("a streamed answer larger than 1 MiB (the limit for a whole stream, max_answer_size)");
        assertThat(e.retryable()).isFalse();
        assertThat(chunks.get()).isBetween(900_000L, 1024L * 1024);
    }

    @Test
    void anEndlessStreamOfCommentsEndsAtTheSameLimit() throws IOException {
        server.enqueue(sse(new Endless(": keep-alive " + "z".repeat(200) + "\n")));
        DuoException e = streamError(client(512 * 1024), new AtomicLong());
        assertThat(e).isInstanceOf(InvalidResponseException.class).hasMessageContaining("larger than 512 KiB");
    }

    @Test
    void theDefaultLimitIsEightMebibytes() throws IOException {
        server.enqueue(sse(new Endless("data: {\"choices\":[{\"delta\":{\"content\":\"" + "y".repeat(4000) + "\"}}]}\n\n")));
        server.start();
        ModelClient c = provider.createClient(TestModels.context("custom_openai/m", server.url("/v1").uri()).build());
        DuoException e = streamError(c, new AtomicLong());
        assertThat(e).isInstanceOf(InvalidResponseException.class).hasMessageContaining("larger than 8 MiB");
    }

    @Test
    void anErrorThrownByTheListenerNeverEscapesIntoTheDispatcherThread() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\n").build());
        ModelClient c = client(1 << 20);
        java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            CompletableFuture<DuoException> end = new CompletableFuture<>();
            java.util.concurrent.atomic.AtomicInteger terminals = new java.util.concurrent.atomic.AtomicInteger();
            c.stream(chat(), Attempt.of(Timeouts.DEFAULTS), new StreamListener() {
                @Override
                public void onChunk(String text) {
                    throw new OutOfMemoryError("simulated: the caller's heap is full");
                }

                @Override
                public void onComplete(Completion completion) {
                    terminals.incrementAndGet();
                    end.complete(null);
                }

                @Override
                public void onError(DuoException e) {
                    terminals.incrementAndGet();
                    end.complete(e);
                }
            });
            DuoException e = end.orTimeout(20, TimeUnit.SECONDS).join();
            assertThat(e).hasMessageContaining("the stream listener threw OutOfMemoryError; the stream was stopped");
            assertThat(e.retryable()).isFalse();
            Thread.sleep(200); // a second signal or an uncaught Error would show by now
            assertThat(terminals).hasValue(1);
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    @Test
    void onlyEmptyChoicesThenDoneIsAnInvalidResponse() throws IOException {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[]}\n\ndata: {\"choices\":[]}\n\ndata: [DONE]\n\n").build());
        DuoException e = streamError(client(1 << 20), new AtomicLong());
        assertThat(e).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("a stream that ended ([DONE]) without any text or finish_reason");
    }

    @Test
    void aChoiceThatIsNotAnObjectIsAnInvalidResponse() throws IOException {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[\"hello\"]}\n\ndata: [DONE]\n\n").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"choices\":[42]}").build());
        ModelClient c = client(1 << 20);
        assertThat(streamError(c, new AtomicLong())).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("a stream event whose choice is not a JSON object");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("an answer whose choice is not a JSON object");
    }

    @Test
    void aRedirectToAnotherOriginIsRefusedNamingBothUrlsAndNothingReachesIt() throws IOException {
        elsewhere.start();
        URI target = elsewhere.url("/v1/chat/completions").uri();
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", target.toString()).build());
        ModelClient c = client(1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("redirected the request (HTTP 307) from " + server.url("/v1/chat/completions"))
                .hasMessageContaining(" to " + target + " to another origin")
                .hasMessageContaining("set the model's endpoint to it");
        server.enqueue(new MockResponse.Builder().code(308).setHeader("Location", target.toString()).build());
        assertThat(streamError(c, new AtomicLong())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("(HTTP 308)");
        assertThat(elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aSameOriginRedirectIsFollowedOnlyWhereThePolicyAdmitsIt() throws Exception {
        server.start();
        URI v1 = server.url("/v1").uri();
        var model = TestModels.model("custom_openai/m", v1);
        ProviderContext locked = ProviderContext.builder(model).apiKey(Secret.of(TestModels.KEY))
                .customModelsEnabled(false).customEndpointAllowlist(List.of(v1.toString())).build();
        ModelClient c = provider.createClient(locked);
        // Within /v1: followed with the body, re-checked.
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/v1/chat/completions/again").build());
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}").build());
        assertThat(c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("ok");
        server.takeRequest();
        assertThat(server.takeRequest().getBody().utf8()).contains("\"hi\"");
        // Out of /v1 on the same origin: refused by the allowlist.
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/admin/v1/chat/completions").build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("to a path the endpoint policy does not admit");
        // A 302 would turn the POST into a body-less GET.
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/v1/x").build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("(HTTP 302)");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
