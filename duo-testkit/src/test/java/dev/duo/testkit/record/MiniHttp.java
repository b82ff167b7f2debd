package dev.duo.testkit.record;

import dev.duo.spi.ModelClient;
import mockwebserver3.MockWebServer;

/** A local server's answers and a real HTTP client of it, for record tests elsewhere. */
public final class MiniHttp {

    private MiniHttp() {
    }

    /** Queues a commit-message answer and a streamed code answer. */
    public static void serveCommitThenCode(MockWebServer server) {
        server.enqueue(RecordReplayTest.json("{\"text\": \"Greet the world\\n\\nAlso rotates the key.\", "
                + "\"finish_reason\": \"STOP\", \"usage\": {\"input\": 88, \"output\": 7}, \"id\": \"req-1\"}"));
        server.enqueue(RecordReplayTest.sse("{\"chunk\": \"String greet() \"}", "{\"chunk\": \"{ return \\\"hi\\\"; }\"}",
                "{\"done\": true, \"finish_reason\": \"STOP\", \"usage\": {\"input\": 30, \"output\": 11}, \"id\": \"req-2\"}"));
    }

    /** A real HTTP model client of the server, sending {@code apiKey} as its bearer token. */
    public static ModelClient client(MockWebServer server, String apiKey) {
        return new MiniHttpModelClient(server.url("/v1/chat").uri(), apiKey);
    }
}
