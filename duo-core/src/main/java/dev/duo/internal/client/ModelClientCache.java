package dev.duo.internal.client;

import dev.duo.MissingCredentialsException;
import dev.duo.config.DuoConfig;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared {@link ModelClient} per model for the life of a {@code DuoClient}; built on first use,
 * so a model whose key is unset fails alone, and closed with the client.
 */
public final class ModelClientCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelClientCache.class);

    private final ProviderRegistry providers;
    private final Map<String, String> environment;
    private final ModelClient override;
    private final java.time.Clock clock;
    private final java.util.List<dev.duo.call.CallListener> listeners;
    private final Map<SelfHostedModel, ModelClient> clients = new ConcurrentHashMap<>();

    /**
     * @param providers the providers by platform
     * @param environment where {@code ${VAR}} api keys are read
     * @param override a client that serves every model (tests), or null
     */
    public ModelClientCache(ProviderRegistry providers, Map<String, String> environment, ModelClient override) {
        this(providers, environment, override, java.time.Clock.systemUTC(), java.util.List.of());
    }

    /**
     * As above, with the client's clock and listeners, which providers get in their context (replica
     * cooldowns, replica events).
     */
    public ModelClientCache(ProviderRegistry providers, Map<String, String> environment, ModelClient override,
                            java.time.Clock clock, java.util.List<dev.duo.call.CallListener> listeners) {
        this.providers = providers;
        this.environment = Map.copyOf(environment);
        this.override = override;
        this.clock = clock;
        this.listeners = java.util.List.copyOf(listeners);
    }

    /** The client of a model, made on first use. */
    public ModelClient clientFor(SelfHostedModel model, DuoConfig config) {
        if (override != null) {
            return override;
        }
        return clients.computeIfAbsent(model, m -> create(m, config));
    }

    /** Whether every model is served by one override client (the testkit's fake). */
    public boolean overridden() {
        return override != null;
    }

    /** The provider registry. */
    public ProviderRegistry providers() {
        return providers;
    }

    /**
     * The model's api key, resolved.
     *
     * @throws MissingCredentialsException naming the model and the variable
     */
    public Secret apiKeyOf(SelfHostedModel model) {
        if (model.apiKey().isEmpty()) {
            return null;
        }
        try {
            return model.apiKey().get().resolve(environment);
        } catch (MissingCredentialsException e) {
            throw new MissingCredentialsException("Model '" + model.name() + "' cannot be used: " + e.getMessage());
        }
    }

    private ModelClient create(SelfHostedModel model, DuoConfig config) {
        ModelProvider provider = providers.forPlatform(model.platform(), model.name());
        ProviderContext ctx = ProviderContext.builder(model)
                .apiKey(apiKeyOf(model))
                .http(config.http())
                .environment(environment)
                .requestLogging(config.requestLogging())
                .wireLogging(config.wireLogging())
                .customModelsEnabled(config.customModelsEnabled())
                .customEndpointAllowlist(config.customEndpointAllowlist())
                .clock(clock)
                .listeners(listeners)
                .build();
        LOG.debug("creating a {} client for model '{}'", model.platform(), model.name());
        return provider.createClient(ctx);
    }

    @Override
    public void close() {
        for (ModelClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a model client failed: {}", e.toString());
            }
        }
        clients.clear();
    }
}
