package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.BlockingStream;
import dev.duo.Completion;
import dev.duo.FeatureClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls one after another reuse one pooled connection, streams included: a stream that ended
 * normally is not cancelled on its way out (cancelling the OkHttp call closes its socket, and every
 * next stream then paid for a new TCP connection, about a millisecond before its first chunk).
 */
class ConnectionReuseTest {

    private static final Map<String, Object> INPUTS = MockServerFeature.INPUTS;

    @RegisterExtension
    final MockServerFeature mock = new MockServerFeature("reuse");
    private final MockWebServer server = mock.server();

    private FeatureClient feature() {
        return mock.feature();
    }

    private static MockResponse sse(String word) {
        String chunk = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}]}";
        String last = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .chunkedBody("data: " + chunk + "\n\ndata: " + last + "\n\ndata: [DONE]\n\n", 64).build();
    }

    private static MockResponse whole(String word) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"id\":\"c2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + word
                        + "\"},\"finish_reason\":\"stop\"}]}").build();
    }

    private List<Integer> connectionIndexes(int requests) throws InterruptedException {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            RecordedRequest r = server.takeRequest(30, TimeUnit.SECONDS);
            assertThat(r).as("request %d", i).isNotNull();
            indexes.add(r.getConnectionIndex());
        }
        return indexes;
    }

    @Test
    void streamsOneAfterAnotherShareOneConnection() throws Exception {
        FeatureClient f = feature();
        for (int i = 0; i < 4; i++) {
            server.enqueue(sse("w" + i));
        }
        for (int i = 0; i < 4; i++) {
            try (BlockingStream s = f.streamBlocking(INPUTS)) {
                List<String> chunks = new ArrayList<>();
                s.forEachRemaining(chunks::add);
                assertThat(chunks).containsExactly("w" + i);
                assertThat(s.completion().text()).isEqualTo("w" + i);
            }
        }
        assertThat(connectionIndexes(4)).containsOnly(0);
    }

    @Test
    void wholeAnswersAndStreamsMixedShareOneConnection() throws Exception {
        FeatureClient f = feature();
        server.enqueue(whole("a"));
        server.enqueue(sse("b"));
        server.enqueue(whole("c"));
        server.enqueue(sse("d"));
        assertThat(f.generate(INPUTS).text()).isEqualTo("a");
        try (BlockingStream s = f.streamBlocking(INPUTS)) {
            s.forEachRemaining(chunk -> { });
            assertThat(s.completion().text()).isEqualTo("b");
        }
        Completion c = f.generateAsync(INPUTS).get(30, TimeUnit.SECONDS);
        assertThat(c.text()).isEqualTo("c");
        try (BlockingStream s = f.streamBlocking(INPUTS)) {
            s.forEachRemaining(chunk -> { });
            assertThat(s.completion().text()).isEqualTo("d");
        }
        assertThat(connectionIndexes(4)).containsOnly(0);
    }
}
