package dev.duo.reliability;

import dev.duo.reliability.Rig.Provider;
import dev.duo.testkit.FakeBedrockServer;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * The server side of each fault: the testkit's fakes for the faults a {@link Fault} describes, a
 * closed port for a refused connection, and a scripted {@link MockWebServer} for what no Fault
 * describes (truncated streams, a wrong content type, an oversized answer), each answering the
 * first request with the fault and every later one (a retry) like the fake would.
 */
final class FaultServers {

    /** A server for one test case: where the client points, and the port to watch for connections. */
    interface Endpoint extends AutoCloseable {
        URI uri();

        int port();

        @Override
        void close();
    }

    /** Over the providers' limits (8 MiB whole, 1 MiB a streamed event). */
    static final int OVERSIZED = 9 * 1024 * 1024;
    static final int OVERSIZED_EVENT = 2 * 1024 * 1024;

    private FaultServers() {
    }

    static Endpoint fake(Provider p, Fault fault) {
        FaultPlan plan = FaultPlan.builder().next(fault).build();
        if (p == Provider.FIREWORKS) {
            FakeOpenAiServer s = FakeOpenAiServer.builder().faultPlan(plan).start();
            return endpoint(s.endpoint(), s.port(), s::close);
        }
        FakeBedrockServer s = FakeBedrockServer.builder().faultPlan(plan).build();
        return endpoint(s.endpoint(), s.port(), s::close);
    }

    /** A Bedrock fake whose ConverseStream reports a status fault as an exception frame after {@code afterChunks} chunks. */
    static Endpoint bedrockInBand(Fault.Status fault, int afterChunks) {
        FakeBedrockServer s = FakeBedrockServer.builder().faultPlan(FaultPlan.builder().next(fault).build()).build();
        s.streamErrorsInBand(afterChunks);
        return endpoint(s.endpoint(), s.port(), s::close);
    }

    static Endpoint refused(Provider p) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return endpoint(URI.create("http://127.0.0.1:" + port + (p == Provider.FIREWORKS ? "/v1" : "")), port, () -> { });
    }

    /**
     * A server whose first answer is {@code first(streamed)} and whose later answers are proxied from
     * a fault-free fake, so a retry can succeed.
     */
    static Endpoint scripted(Provider p, Function<Boolean, MockResponse> first) {
        FakeOpenAiServer openAi = p == Provider.FIREWORKS ? FakeOpenAiServer.start() : null;
        FakeBedrockServer bedrock = p == Provider.BEDROCK ? FakeBedrockServer.start() : null;
        URI upstream = openAi != null ? openAi.endpoint() : bedrock.endpoint();
        OkHttpClient proxy = new OkHttpClient();
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            private int calls;

            @Override
            public MockResponse dispatch(RecordedRequest r) {
                boolean streamed = r.getUrl().encodedPath().endsWith("converse-stream")
                        || (r.getBody() != null && r.getBody().utf8().contains("\"stream\":true"));
                synchronized (this) {
                    if (calls++ == 0) {
                        return first.apply(streamed);
                    }
                }
                return forward(proxy, upstream, r);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + (p == Provider.FIREWORKS ? "/v1" : ""));
        return endpoint(uri, server.getPort(), () -> {
            server.close();
            if (openAi != null) {
                openAi.close();
            }
            if (bedrock != null) {
                bedrock.close();
            }
            proxy.dispatcher().executorService().shutdown();
            proxy.connectionPool().evictAll();
        });
    }

    private static MockResponse forward(OkHttpClient proxy, URI upstream, RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        String base = upstream.toString().replaceAll("/v1$", "");
        Request.Builder b = new Request.Builder().url(base + path)
                .post(RequestBody.create(r.getBody() == null ? new byte[0] : r.getBody().toByteArray()));
        r.getHeaders().forEach(h -> {
            if (!h.getFirst().equalsIgnoreCase("host") && !h.getFirst().equalsIgnoreCase("content-length")) {
                b.header(h.getFirst(), h.getSecond());
            }
        });
        try (Response resp = proxy.newCall(b.build()).execute()) {
            MockResponse.Builder m = new MockResponse.Builder().code(resp.code());
            resp.headers().forEach(h -> {
                if (!h.getFirst().equalsIgnoreCase("content-length") && !h.getFirst().equalsIgnoreCase("transfer-encoding")) {
                    m.addHeader(h.getFirst(), h.getSecond());
                }
            });
            return m.body(new Buffer().write(resp.body().bytes())).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- first answers for the scripted faults ----

    /** A stream that ends cleanly (no error, connection closed in order) before the answer is finished. */
    static MockResponse truncated(Provider p, boolean streamed) {
        if (!streamed) {
            // Content-Length promises the whole body; the connection goes after half of it.
            String body = p == Provider.FIREWORKS ? openAiWhole("half of this never arrives") : bedrockWhole("half of this never arrives");
            return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                    .body(body).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (p == Provider.FIREWORKS) {
            String sse = "data: " + openAiChunk("one", null) + "\n\n" + "data: " + openAiChunk(" two", null) + "\n\n";
            return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build();
        }
        Buffer frames = new Buffer()
                .write(frame("messageStart", "{\"role\":\"assistant\"}"))
                .write(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"one\"}}"));
        return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream").body(frames).build();
    }

    /** A proxy's or load balancer's HTML error page with status 200. */
    static MockResponse wrongContentType(Provider p, boolean streamed) {
        return new MockResponse.Builder().addHeader("Content-Type", "text/html; charset=utf-8")
                .body("<html><body><h1>Welcome to nginx!</h1></body></html>").build();
    }

    /** An answer far larger than any model's: 9 MiB in one JSON body, or one streamed event of 2 MiB. */
    static MockResponse oversized(Provider p, boolean streamed) {
        String huge = "x".repeat(streamed ? OVERSIZED_EVENT : OVERSIZED);
        if (!streamed) {
            String body = p == Provider.FIREWORKS ? openAiWhole(huge) : bedrockWhole(huge);
            return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
        }
        if (p == Provider.FIREWORKS) {
            String sse = "data: " + openAiChunk(huge, null) + "\n\n" + "data: " + openAiChunk("", "stop") + "\n\ndata: [DONE]\n\n";
            return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse).build();
        }
        // A well-formed frame of 2 MiB: under the event-stream format's own limits, so only the client's stops it.
        Buffer frames = new Buffer()
                .write(frame("messageStart", "{\"role\":\"assistant\"}"))
                .write(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + huge + "\"}}"))
                .write(frame("contentBlockStop", "{\"contentBlockIndex\":0}"))
                .write(frame("messageStop", "{\"stopReason\":\"end_turn\"}"));
        return new MockResponse.Builder().addHeader("Content-Type", "application/vnd.amazon.eventstream").body(frames).build();
    }

    private static String openAiWhole(String text) {
        return "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    }

    private static String openAiChunk(String text, String finish) {
        return "{\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String bedrockWhole(String text) {
        return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":1,\"outputTokens\":1,\"totalTokens\":2},"
                + "\"metrics\":{\"latencyMs\":1}}";
    }

    private static byte[] frame(String eventType, String json) {
        Map<String, HeaderValue> headers = new java.util.LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        ByteBuffer b = new Message(headers, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }

    private static Endpoint endpoint(URI uri, int port, Runnable close) {
        return new Endpoint() {
            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
