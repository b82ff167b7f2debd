package dev.duo.fireworks;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams run concurrently, and each chunk reaches the listener as it arrives. */
class StreamingConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();

    @AfterEach
    void close() {
        provider.close();
    }

    private ModelClient clientFor(FakeOpenAiServer server) {
        return provider.createClient(TestModels.context("custom_openai/m", server.endpoint()).build());
    }

    private static ModelRequest ask(String text) {
        return ModelRequest.builder().messages(List.of(Message.user(text))).build();
    }

    @Test
    void twoHundredFiftySixStreamsToOneHostAreAllInFlightAtOnce() {
        int n = 256;
        // The server holds every answer until all 256 requests are open at once; with OkHttp's
        // default of 5 per host the rest would queue and the hold would time out instead.
        try (FakeOpenAiServer server = FakeOpenAiServer.builder().holdUntilConcurrent(n, Duration.ofSeconds(30)).start()) {
            ModelClient c = clientFor(server);
            List<RecordingListener> listeners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RecordingListener l = new RecordingListener();
                c.stream(ask("stream " + i), Attempt.of(Timeouts.DEFAULTS), l);
                listeners.add(l);
            }
            for (int i = 0; i < n; i++) {
                RecordingListener l = listeners.get(i).awaitTerminal(WAIT);
                assertThat(l.error()).as("stream %d", i).isNull();
                assertThat(l.completion().text()).isEqualTo("stream " + i);
                assertThat(l.terminalCount()).isEqualTo(1);
            }
            assertThat(server.peakConcurrency()).isEqualTo(n);
        }
    }

    @Test
    void theListenerSeesTheFirstChunkBeforeTheServerSendsTheLast() throws InterruptedException {
        RecordingListener l = new RecordingListener();
        AtomicBoolean firstSeenBeforeLast = new AtomicBoolean();
        CountDownLatch lastChunkChecked = new CountDownLatch(1);
        String words = "one two three four five";
        // Events: 5 tokens, the finishing chunk, the usage chunk, [DONE]; index 4 is the last token.
        try (FakeOpenAiServer server = FakeOpenAiServer.builder()
                .chunkSpacing(Duration.ofMillis(100))
                .beforeChunk(i -> {
                    if (i == 4) {
                        try {
                            // Ordered by a latch, not a clock: a client that buffered the body
                            // would never deliver chunk 0 while we wait here.
                            firstSeenBeforeLast.set(l.awaitFirstChunk(Duration.ofSeconds(10)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        lastChunkChecked.countDown();
                    }
                })
                .start()) {
            clientFor(server).stream(ask(words), Attempt.of(Timeouts.DEFAULTS), l);
            l.awaitTerminal(WAIT);
            assertThat(lastChunkChecked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(firstSeenBeforeLast).isTrue();
            assertThat(l.chunks()).hasSize(5);
            assertThat(l.text()).isEqualTo(words);
        }
    }
}
