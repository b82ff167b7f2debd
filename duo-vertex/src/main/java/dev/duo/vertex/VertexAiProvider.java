package dev.duo.vertex;

import dev.duo.ConfigurationException;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.model.ModelIdentifier;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import dev.duo.vertex.internal.VertexClient;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The provider for Google Vertex AI ({@code vertex_ai/<model>}): Anthropic Claude models
 * ({@code :rawPredict}, {@code :streamRawPredict}, Anthropic's Messages body with
 * {@code anthropic_version: vertex-2023-10-16}) and Google Gemini models ({@code :generateContent},
 * {@code :streamGenerateContent?alt=sse}). Found through {@link java.util.ServiceLoader}; users do not
 * call it directly.
 *
 * <p>Each model names its {@code project} and {@code region} (or {@code location}), and may override
 * {@code endpoint} (a private or regional endpoint, or a fake server on loopback). Access tokens come
 * from Google's {@code google-auth-library}: the model's {@code credentials_file}, else
 * {@code GOOGLE_APPLICATION_CREDENTIALS}, else application default credentials (or a plain access
 * token in {@code api_key} or {@code GOOGLE_OAUTH_ACCESS_TOKEN}); the library refreshes them before
 * they expire. Tokens are never logged.
 *
 * <p>One instance lives per {@code DuoClient} and holds one HTTP client (connection pool and threads)
 * shared by all its models, released by {@link #close()}.
 *
 * <pre>{@code
 * try (ModelProvider provider = new VertexAiProvider();
 *      ModelClient client = provider.createClient(ProviderContext.builder(model).build())) {
 *     Completion c = client.complete(ModelRequest.builder().messages(List.of(Message.user("Hi"))).build(),
 *             Attempt.of(model.timeouts()));
 * }
 * }</pre>
 */
public final class VertexAiProvider implements ModelProvider {

    private static final Set<String> PLATFORMS = Set.of(ModelIdentifier.VERTEX_AI);

    private final Clock clock;
    private OkHttpClient shared;
    private volatile boolean closed;

    /** The provider, as {@link java.util.ServiceLoader} makes it. */
    public VertexAiProvider() {
        this(Clock.systemUTC());
    }

    /**
     * With a clock for reading {@code Retry-After} dates (tests).
     *
     * @param clock the clock
     */
    public VertexAiProvider(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Set<String> platforms() {
        return PLATFORMS;
    }

    @Override
    public ModelClient createClient(ProviderContext context) {
        String platform = context.model().platform();
        if (!PLATFORMS.contains(platform)) {
            throw new ConfigurationException("the Vertex AI provider does not serve platform '" + platform
                    + "' (model '" + context.model().name() + "'): it serves " + PLATFORMS);
        }
        return VertexClient.create(shared(context), context, clock, this::isClosed);
    }

    private synchronized OkHttpClient shared(ProviderContext context) {
        if (closed) {
            throw new IllegalStateException("this provider is closed (its DuoClient was closed)");
        }
        if (shared == null) {
            shared = OkHttpFactory.shared(context.http());
        }
        return shared;
    }

    private boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (shared != null) {
            shared.dispatcher().cancelAll();
            shared.dispatcher().executorService().shutdown();
            shared.connectionPool().evictAll();
            shared = null;
        }
    }
}
