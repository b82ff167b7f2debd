package dev.duo.reliability;

import dev.duo.spi.Attempt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.StreamListener;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random answers served over real HTTP to the OpenAI-compatible client (the SSE parser, the
 * chunk and whole-answer readers, the error mapping): a stream ends in exactly one terminal signal
 * and a whole call in a completion or one exception, and every error is a DuoException subtype
 * (never the bare root, never anything unchecked from Jackson or OkHttp).
 */
class AnswerPropertiesTest {

    static final String[] PIECES = {"data: ", "data:", "\n", "\n\n", "\r\n", ": ping\n", "event: x\n", "data: [DONE]\n\n",
        "{\"choices\":[{\"delta\":{\"content\":\"hi \"},\"finish_reason\":null}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}", "{\"choices\":[]}", "{\"choices\":[{\"delta\":{\"content\":5}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"whole\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":-5}}",
        "{\"error\":{\"message\":\"overloaded\",\"code\":503}}", "{\"error\":\"text\"}", "{\"usage\":{\"completion_tokens\":1e99}}",
        "{\"choices\":null}", "[1,2]", "null", "{", "}", "\"", "é", "\u0000", " "};

    static final String[] TYPES = {"text/event-stream", "application/json", "text/html", "text/plain; charset=utf-8",
        "application/octet-stream", ""};

    static MockWebServer server;
    static OpenAiCompatibleProvider provider;
    static ModelClient client;
    static final AtomicReference<MockResponse> NEXT = new AtomicReference<>();

    @BeforeContainer
    static void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return NEXT.get();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        provider = new OpenAiCompatibleProvider();
        SelfHostedModel model = SelfHostedModel.builder().name("random answers").family(ModelFamily.MISTRAL)
                .identifier("custom_openai/m").endpoint(URI.create("http://127.0.0.1:" + server.getPort() + "/v1"))
                .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .build();
        client = provider.createClient(ProviderContext.builder(model).environment(Map.of()).build());
    }

    @AfterContainer
    static void stop() {
        client.close();
        provider.close();
        server.close();
    }

    @Provide
    Arbitrary<String> body() {
        return Arbitraries.of(PIECES).list().ofMaxSize(25).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<Integer> status() {
        return Arbitraries.of(200, 200, 200, 200, 400, 404, 429, 500, 503);
    }

    private static void serve(int status, String type, String body) {
        MockResponse.Builder b = new MockResponse.Builder().code(status).body(body);
        if (!type.isEmpty()) {
            b.setHeader("Content-Type", type);
        }
        NEXT.set(b.build());
    }

    private static final ModelRequest REQUEST = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();

    @Property(tries = 150)
    void aRandomStreamEndsInExactlyOneTypedSignal(@ForAll("body") String body, @ForAll("status") int status,
            @ForAll("type") String type) throws InterruptedException {
        serve(status, type, body);
        AtomicInteger terminals = new AtomicInteger();
        AtomicReference<Object> end = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        client.stream(REQUEST, Attempt.of(Timeouts.DEFAULTS), new StreamListener() {
            @Override
            public void onChunk(String text) {
            }

            @Override
            public void onComplete(Completion completion) {
                terminals.incrementAndGet();
                end.set(completion);
                done.countDown();
            }

            @Override
            public void onError(DuoException error) {
                terminals.incrementAndGet();
                end.set(error);
                done.countDown();
            }
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("a terminal signal").isTrue();
        Thread.sleep(5);
        assertThat(terminals.get()).isEqualTo(1);
        if (end.get() instanceof DuoException e) {
            assertThat(e.getClass()).as("%s", e).isNotEqualTo(DuoException.class);
        }
    }

    @Property(tries = 150)
    void aRandomWholeAnswerIsACompletionOrOneTypedError(@ForAll("body") String body, @ForAll("status") int status,
            @ForAll("type") String type) {
        serve(status, type, body);
        try {
            client.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS));
        } catch (DuoException e) {
            assertThat(e.getClass()).as("%s", e).isNotEqualTo(DuoException.class);
        }
    }

    @Provide
    Arbitrary<String> type() {
        return Arbitraries.of(TYPES);
    }
}
