package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code FeatureClient.generate(inputs, onChunk)} against a real local server: the OpenAI-compatible
 * client reads the stream on the caller's own thread, a retry still ends on it, an exception from
 * {@code onChunk} comes back as it was and frees the connection, and an interrupt reaches the socket.
 */
class WaitedStreamTest {

    private static final Map<String, String> INPUTS = Map.of("file_name", "Hi.java", "user_instruction", "say hi",
            "language", "java", "trimmed_content_above_cursor", "class Hi {\n", "trimmed_content_below_cursor", "}\n");

    private final MockWebServer server = new MockWebServer();
    private DuoClient duo;

    @AfterEach
    void close() {
        if (duo != null) {
            duo.close();
        }
        server.close();
    }

    private FeatureClient feature() throws Exception {
        server.start();
        SelfHostedModel model = SelfHostedModel.builder().name("waited").family(ModelFamily.MISTRAL)
                .identifier("custom_openai/m").endpoint(server.url("/v1").uri()).apiKey(ApiKey.literal("waited-key-123"))
                .build();
        duo = DuoClient.builder().config(DuoConfig.builder().model(model)
                .feature("code_generations", FeatureSetting.selfHosted(model.name())).build())
                .environment(Map.of()).build();
        return duo.feature("code_generation");
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
