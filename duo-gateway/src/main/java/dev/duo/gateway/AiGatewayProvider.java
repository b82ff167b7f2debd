package dev.duo.gateway;

import dev.duo.ConfigurationException;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.gateway.internal.GatewayClient;
import dev.duo.model.ModelIdentifier;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The provider of platform {@code ai_gateway}: features served through a running GitLab AI gateway
 * ({@code ai_gateway:} in duo.yml, features {@code provider: vendored} or {@code provider:
 * self_hosted} with {@code via: ai_gateway}). Found through {@link java.util.ServiceLoader}; users
 * add the {@code dev.duo:duo-gateway} dependency and do not call it directly.
 *
 * <p>Its client calls the gateway's prompt API, {@code POST {url}/v1/prompts/{prompt id}} with
 * the feature's inputs and prompt version constraint (and for a self-hosted model its
 * {@code model_metadata}); the gateway renders the prompt and calls the model. One instance per
 * {@code DuoClient} holds one HTTP client (duo-fireworks' shared client: the same proxy, trust store
 * and connection limits), released by {@link #close()}.
 *
 * <pre>{@code
 * try (ModelProvider provider = new AiGatewayProvider();
 *      ModelClient client = provider.createClient(ProviderContext.builder(gateway.asEndpoint()).apiKey(token).build())) {
 *     Completion c = client.complete(ModelRequest.builder()
 *             .promptCall(PromptCall.builder("chat/explain_code").version("^1.0.0").inputs(inputs).build())
 *             .build());
 * }
 * }</pre>
 */
public final class AiGatewayProvider implements ModelProvider {

    private static final Set<String> PLATFORMS = Set.of(ModelIdentifier.AI_GATEWAY);

    private OkHttpClient shared;
    private volatile boolean closed;

    /** The provider, as {@link java.util.ServiceLoader} makes it. */
    public AiGatewayProvider() {
    }

    @Override
    public Set<String> platforms() {
        return PLATFORMS;
    }

    @Override
    public ModelClient createClient(ProviderContext context) {
        String platform = context.model().platform();
        if (!PLATFORMS.contains(platform)) {
            throw new ConfigurationException("the AI gateway provider serves the platform ai_gateway, not '" + platform
                    + "' (model '" + context.model().name() + "')");
        }
        return GatewayClient.create(shared(context), context, this::isClosed);
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
