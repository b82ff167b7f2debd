package dev.duo.testkit;

import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.internal.ReceivedLog;
import dev.duo.testkit.internal.azure.AzureDispatcher;
import dev.duo.testkit.internal.azure.ContentFilter;
import dev.duo.testkit.internal.openai.OpenAiDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockWebServer;

/**
 * A local server that speaks Azure OpenAI's API on {@code 127.0.0.1}: the deployment style
 * ({@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}, also
 * {@code /completions}) and the v1 style ({@code POST /openai/v1/chat/completions} with the
 * deployment as {@code model}).
 *
 * <p>It checks what Azure checks, in Azure's order, answering Azure's error bodies
 * ({@code {"error": {"code": ..., "message": ...}}}): the {@code api-key} header (or an
 * {@code Authorization: Bearer} Entra ID token), 401 otherwise; the {@code api-version} (missing:
 * 404 "Resource not found"; not one the resource knows: 400 "API version not supported"); the
 * deployment (404 {@code DeploymentNotFound}). Answers are the fake OpenAI server's echo (see
 * {@link FakeOpenAiServer}), whole or SSE, with the same {@link FaultPlan}s; error faults come back
 * in Azure's shape, and a 429 with {@code retry-after-ms} and {@code x-ratelimit-remaining-*}.
 * Its content filter refuses prompts containing one word (HTTP 400 {@code content_filter}) and cuts
 * answers at another ({@code finish_reason: "content_filter"}).
 *
 * <pre>{@code
 * try (FakeAzureOpenAiServer azure = FakeAzureOpenAiServer.builder().deployment("gpt-4o").apiKey("test-key")
 *         .filterAnswersAt("forbidden").start()) {
 *     URI resource = azure.endpoint();        // http://127.0.0.1:PORT       (deployment style)
 *     URI v1 = azure.v1Endpoint();            // http://127.0.0.1:PORT/openai/v1
 *     // ... model identifier azure/gpt-4o, endpoint resource, api_key test-key ...
 *     assertThat(azure.requests().get(0).query()).isEqualTo("api-version=2024-10-21");
 * }
 * }</pre>
 */
public final class FakeAzureOpenAiServer implements ConformanceServer {

    /** The api-versions the fake resource accepts unless told otherwise (GA and preview versions). */
    public static final Set<String> KNOWN_API_VERSIONS = Set.of("2024-02-01", "2024-06-01", "2024-10-21",
            "2024-08-01-preview", "2024-10-01-preview", "2024-12-01-preview", "2025-01-01-preview",
            "2025-03-01-preview", "2025-04-01-preview");

    /**
     * A request the server received.
     *
     * @param method the HTTP method
     * @param path the path, such as {@code /openai/deployments/gpt-4o/chat/completions}
     * @param query the raw query, such as {@code api-version=2024-10-21}, or null
     * @param headers the headers (names in lower case; the last value wins)
     * @param body the body as UTF-8 text (empty when none)
     */
    public record ReceivedRequest(String method, String path, String query, Map<String, String> headers, String body) {
        /** A header's value, case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final MockWebServer server;
    private final AzureDispatcher dispatcher;
    private final ReceivedLog<ReceivedRequest> received =
            new ReceivedLog<>(ReceivedRequest::new);

    private FakeAzureOpenAiServer(Builder b) throws IOException {
        OpenAiDispatcher answers = new OpenAiDispatcher(b.plan, b.chunkSpacing, i -> { }, 0, Duration.ofSeconds(10),
                r -> { }, null);
        this.dispatcher = new AzureDispatcher(answers, b.deployments, b.apiVersions, b.apiKey,
                new ContentFilter(b.promptWord, b.answerWord), received::record);
        this.server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start(InetAddress.getLoopbackAddress(), b.port);
    }

    /** A builder: any deployment, any non-empty key, the known api-versions, no faults, no filter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The resource URL (deployment style), such as {@code http://127.0.0.1:54321}. */
    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** The v1-style base URL, such as {@code http://127.0.0.1:54321/openai/v1}. */
    public URI v1Endpoint() {
        return URI.create(endpoint() + "/openai/v1");
    }

    /** Every request received so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        return received.all();
    }

    @Override
    public int requestCount() {
        return received.size();
    }

    /** Stops the server, releasing stalled answers and closing every connection. */
    @Override
    public void close() {
        dispatcher.close();
        server.close();
    }

    /** Builds and starts a {@link FakeAzureOpenAiServer}. */
    public static final class Builder {
        private int port;
        private FaultPlan plan = FaultPlan.none();
        private Duration chunkSpacing = Duration.ZERO;
        private final Set<String> deployments = new LinkedHashSet<>();
        private Set<String> apiVersions = KNOWN_API_VERSIONS;
        private String apiKey;
        private String promptWord;
        private String answerWord;

        private Builder() {
        }

        /** The port, or 0 (the default) for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The faults to inject, one drawn per completion request that passes Azure's checks. */
        public Builder faultPlan(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** A pause between streamed chunks. */
        public Builder chunkSpacing(Duration spacing) {
            if (spacing.isNegative()) {
                throw new IllegalArgumentException("chunk spacing must not be negative, got " + spacing);
            }
            this.chunkSpacing = spacing;
            return this;
        }

        /** A deployment that exists; once any is named, others get 404 DeploymentNotFound. */
        public Builder deployment(String name) {
            deployments.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** The api-versions the resource accepts (instead of {@link #KNOWN_API_VERSIONS}). */
        public Builder apiVersions(Set<String> versions) {
            this.apiVersions = Set.copyOf(versions);
            return this;
        }

        /** The only key (or bearer token) accepted; by default any non-empty one is. */
        public Builder apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Refuse prompts containing this word with HTTP 400 content_filter. */
        public Builder filterPromptsContaining(String word) {
            this.promptWord = Objects.requireNonNull(word, "word");
            return this;
        }

        /** Cut answers just before this word with finish_reason content_filter. */
        public Builder filterAnswersAt(String word) {
            this.answerWord = Objects.requireNonNull(word, "word");
            return this;
        }

        /** Starts the server on 127.0.0.1. */
        public FakeAzureOpenAiServer start() {
            try {
                return new FakeAzureOpenAiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake Azure OpenAI server on port " + port, e);
            }
        }
    }
}
