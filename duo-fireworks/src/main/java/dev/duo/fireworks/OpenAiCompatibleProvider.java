package dev.duo.fireworks;

import dev.duo.ConfigurationException;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.fireworks.internal.OpenAiClient;
import dev.duo.model.ModelIdentifier;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import java.time.Clock;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The provider for OpenAI-compatible servers: Fireworks AI ({@code fireworks_ai/}), OpenAI
 * ({@code openai/}), any server with OpenAI's {@code /v1} API ({@code custom_openai/}: vLLM,
 * Ollama, llama.cpp) and Azure OpenAI ({@code azure/<deployment>}: the resource URL as endpoint,
 * {@code api_version} per model, the {@code api-key} header or an Entra ID bearer token). Found through {@link java.util.ServiceLoader}; users do not call it directly.
 *
 * <p>One instance lives per {@code DuoClient} and holds one HTTP client (connection pool and
 * threads) shared by all its models, released by {@link #close()}. Each model's client calls
 * {@code {endpoint}/chat/completions} or {@code {endpoint}/completions}, whole or streamed (SSE).
 *
 * <p>Errors: 400/412/413 invalid request, 401/403 authentication, 402 (payment required) also
 * authentication (not retryable: someone must fix the account), 404 model not found, 408 timeout,
 * 429 rate limited (with {@code Retry-After}), 5xx provider unavailable; a truncated stream is a
 * retryable invalid response. Messages carry the provider's own words and request id, never the key.
 *
 * <p>Security: an api key is sent only over HTTPS or to a loopback address unless the model sets
 * {@code allow_insecure_endpoint: true}; with custom models disabled only the public endpoints and
 * {@code custom_endpoint_allowlist} are reachable.
 *
 * <pre>{@code
 * try (ModelProvider provider = new OpenAiCompatibleProvider();
 *      ModelClient client = provider.createClient(ProviderContext.builder(model).apiKey(key).build())) {
 *     Completion c = client.complete(ModelRequest.builder().messages(List.of(Message.user("Hi"))).build());
 * }
 * }</pre>
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    private static final Set<String> PLATFORMS =
            Set.of(ModelIdentifier.FIREWORKS_AI, ModelIdentifier.CUSTOM_OPENAI, ModelIdentifier.OPENAI, ModelIdentifier.AZURE);

    private final Clock clock;
    private OkHttpClient shared;
    private volatile boolean closed;

    /** The provider, as {@link java.util.ServiceLoader} makes it. */
    public OpenAiCompatibleProvider() {
        this(Clock.systemUTC());
    }

    /**
     * With a clock for reading {@code Retry-After} dates (tests).
     *
     * @param clock the clock
     */
    public OpenAiCompatibleProvider(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Set<String> platforms() {
        return PLATFORMS;
    }

    @Override
    public ModelClient createClient(ProviderContext context) {
        String platform = context.model().platform();
        if (!PLATFORMS.contains(platform)) {
            throw new ConfigurationException("the OpenAI-compatible provider does not serve platform '" + platform
                    + "' (model '" + context.model().name() + "'): it serves " + PLATFORMS);
        }
        if (platform.equals(ModelIdentifier.AZURE)) {
            return OpenAiClient.createAzure(shared(context), context, clock, this::isClosed);
        }
        return OpenAiClient.create(shared(context), context, clock, this::isClosed);
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
