package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.FeatureClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code FeatureClient.generate(inputs, onChunk)} against a real local server: the OpenAI-compatible
 * client reads the stream on the caller's own thread, a retry still ends on it, an exception from
 * {@code onChunk} comes back as it was and frees the connection, and an interrupt reaches the socket.
 */
class WaitedStreamTest {

    private static final Map<String, Object> INPUTS = MockServerFeature.INPUTS;

    @RegisterExtension
    final MockServerFeature mock = new MockServerFeature("waited");
    private final MockWebServer server = mock.server();

    private FeatureClient feature() {
        return mock.feature();
    }

    private static MockResponse sse(String... words) {
        StringBuilder body = new StringBuilder();
        for (String w : words) {
            body.append("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(w)
                    .append("\"}}]}\n\n");
        }
        body.append("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
                .append("data: [DONE]\n\n");
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").chunkedBody(body.toString(), 32)
                .build();
    }

    @Test
    void theStreamIsReadOnTheCallersThreadAndTheWholeAnswerReturned() throws Exception {
        FeatureClient f = feature();
        server.enqueue(sse("one ", "two ", "three"));
        List<String> chunks = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();

        Completion c = f.generate(INPUTS, text -> {
            chunks.add(text);
            threads.add(Thread.currentThread());
        });

        assertThat(c.text()).isEqualTo("one two three");
        assertThat(chunks).containsExactly("one ", "two ", "three");
        assertThat(threads).containsOnly(Thread.currentThread());
        RecordedRequest r = server.takeRequest(30, TimeUnit.SECONDS);
        assertThat(r.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(r.getBody().utf8()).contains("\"stream\":true");
    }

    @Test
    void aServerErrorBeforeAnyChunkIsRetriedAndTheCallerGetsTheAnswer() throws Exception {
        FeatureClient f = feature();
        server.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"overloaded\"}}").build());
        server.enqueue(sse("fine"));
        List<String> chunks = new CopyOnWriteArrayList<>();

        Completion c = f.generate(INPUTS, chunks::add);

        assertThat(c.text()).isEqualTo("fine");
        assertThat(chunks).containsExactly("fine");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anExceptionFromOnChunkIsRethrownAsItWasAndTheNextCallStillWorks() throws Exception {
        FeatureClient f = feature();
        server.enqueue(sse("one ", "two ", "three"));
        server.enqueue(sse("again"));
        IllegalStateException gone = new IllegalStateException("the browser went away");

        assertThatThrownBy(() -> f.generate(INPUTS, text -> {
            throw gone;
        })).isSameAs(gone);

        assertThat(f.generate(INPUTS, text -> { }).text()).isEqualTo("again");
        assertThat(server.getRequestCount()).as("the failed one was not retried").isEqualTo(2);
    }

    @Test
    void anInterruptOfTheReadingThreadEndsTheCallAsCancelledNotAsATimeout() throws Exception {
        FeatureClient f = feature();
        // The first event, then the rest of the body slowly: the next read after the first chunk is a socket read.
        MockResponse slow = sse("one ", "two ", "three").newBuilder().throttleBody(90, 300, TimeUnit.MILLISECONDS).build();
        server.enqueue(slow);
        server.enqueue(sse("again"));
        List<String> chunks = new CopyOnWriteArrayList<>();
        try {
            assertThatThrownBy(() -> f.generate(INPUTS, text -> {
                chunks.add(text);
                Thread.currentThread().interrupt();
            })).isInstanceOf(CancelledException.class).hasMessageContaining("interrupted while waiting for the answer");
        } finally {
            Thread.interrupted();
        }

        assertThat(chunks).containsExactly("one ");
        assertThat(f.generate(INPUTS, text -> { }).text()).isEqualTo("again");
        assertThat(server.getRequestCount()).as("the interrupted call was not retried").isEqualTo(2);
    }

    @Test
    void anInterruptCancelsACallWaitingForItsFirstByte() throws Exception {
        FeatureClient f = feature();
        // Headers held far longer than the test waits: only the interrupt can end the call in time.
        server.enqueue(new MockResponse.Builder().headersDelay(120, TimeUnit.SECONDS)
                .setHeader("Content-Type", "text/event-stream").body("data: [DONE]\n\n").build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                f.generate(INPUTS, text -> { });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        }, "waiting-caller");
        caller.start();
        assertThat(server.takeRequest(30, TimeUnit.SECONDS)).as("the request reached the server").isNotNull();

        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(caller.isAlive()).as("the caller is free long before the server would answer").isFalse();
        assertThat(thrown.get()).isInstanceOf(CancelledException.class)
                .hasMessageContaining("interrupted while waiting for the answer");
    }
}
