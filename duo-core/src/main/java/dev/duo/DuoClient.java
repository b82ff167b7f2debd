package dev.duo;

import dev.duo.config.DuoConfig;
import dev.duo.config.DuoConfigLoader;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.FeatureRegistry;
import dev.duo.internal.client.ClientSnapshot;
import dev.duo.internal.client.DefaultFeatureClient;
import dev.duo.internal.client.ModelClients;
import dev.duo.internal.client.ProviderRegistry;
import dev.duo.internal.pipeline.CallPipeline;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.CallListener;
import dev.duo.pipeline.RetryPolicy;
import dev.duo.pipeline.Scheduler;
import java.time.Clock;
import dev.duo.prompt.PromptRegistry;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The entry point: resolves a feature to its model, prompt and provider, and calls it.
 * Thread-safe and {@link AutoCloseable}; make one, share it, close it on shutdown.
 *
 * <pre>{@code
 * // the default client, configured from duo.yml and the environment:
 * Completion c = DuoClient.forFeature("code_generation").generate(Map.of("user_instruction", "a CSV parser"));
 *
 * // or an explicit one:
 * try (DuoClient duo = DuoClient.builder().configFile(Path.of("duo.yml")).build()) {
 *     duo.feature("duo_chat").chat(List.of(Message.user("What is a monad?")));
 * }
 * }</pre>
 */
public final class DuoClient implements AutoCloseable {

    private final AtomicReference<ClientSnapshot> snapshot;
    private final ModelClients clients;
    private final CallPipeline pipeline;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DuoClient(DuoConfig config, ModelClients clients, CallPipeline pipeline) {
        this.clients = clients;
        this.pipeline = pipeline;
        this.snapshot = new AtomicReference<>(newSnapshot(config));
    }

    /** A builder: configuration from duo.yml and the environment unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A feature client of the default client (built on first use from duo.yml and the
     * environment), or of the client that replaces it in this scope (see {@link #overrideDefault}).
     *
     * @param feature a feature key or alias, such as {@code code_generation}
     */
    public static FeatureClient forFeature(String feature) {
        return DefaultClients.current().feature(feature);
    }

    /**
     * Makes {@code client} the one {@link #forFeature} uses, in this thread and the threads it
     * starts, until the returned handle is closed. Tests use this (the testkit's extension does).
     */
    public static DefaultOverride overrideDefault(DuoClient client) {
        return DefaultClients.override(Objects.requireNonNull(client, "client"));
    }

    /**
     * A client for one feature. Cheap: resolution happens on the first call and is cached.
     *
     * @param feature a feature key or alias
     */
    public FeatureClient feature(String feature) {
        Objects.requireNonNull(feature, "feature");
        checkOpen();
        return new DefaultFeatureClient(feature, this::currentSnapshot, pipeline);
    }

    /** The configuration in use now. */
    public DuoConfig config() {
        return currentSnapshot().config();
    }

    /** The features this client knows (bundled plus the user's metadata files). */
    public FeatureRegistry features() {
        return currentSnapshot().features();
    }

    /** The feature settings in use now. */
    public FeatureSettings featureSettings() {
        return currentSnapshot().settings();
    }

    /** The prompt definitions in use now. */
    public PromptRegistry prompts() {
        return currentSnapshot().prompts();
    }

    /**
     * Swaps in a changed configuration atomically; calls in flight finish on the old one.
     *
     * @throws ConfigurationException when the new configuration is invalid (the old one stays)
     */
    public DuoConfig updateConfig(UnaryOperator<DuoConfig> change) {
        while (true) {
            ClientSnapshot current = currentSnapshot();
            DuoConfig next = change.apply(current.config());
            ClientSnapshot built = newSnapshot(next);
            if (snapshot.compareAndSet(current, built)) {
                return next;
            }
        }
    }

    /** Closes every model client and provider this client made; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            DefaultClients.forget(this);
            clients.close();
            clients.providers().close();
        }
    }

    private ClientSnapshot currentSnapshot() {
        return snapshot.get();
    }

    private ClientSnapshot newSnapshot(DuoConfig config) {
        PromptRegistry prompts = PromptRegistry.load(config.promptDirectories(), config.promptLookup());
        return new ClientSnapshot(config, clients, prompts);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this DuoClient is closed");
        }
    }

    @Override
    public String toString() {
        return "DuoClient{" + currentSnapshot().config().source().orElse("no file") + "}";
    }

    /** Restores the previous default client when closed. */
    public interface DefaultOverride extends AutoCloseable {
        /** Restores the previous default. */
        @Override
        void close();
    }

    /**
     * Builds a {@link DuoClient}. Configuration is layered: the file ({@link #configFile}, else
     * {@code DUO_CONFIG}, else {@code ./duo.yml}, else the classpath), then the environment, then
     * {@link #configure} changes. {@link #config(DuoConfig)} replaces the first two layers.
     */
    public static final class Builder {
        private Path configFile;
        private DuoConfig config;
        private Map<String, String> environment = System.getenv();
        private Path workingDirectory = Path.of("");
        private final List<UnaryOperator<DuoConfig.Builder>> changes = new ArrayList<>();
        private final List<ModelProvider> providers = new ArrayList<>();
        private ModelClient modelClient;
        private ClassLoader classLoader;
        private final List<CallInterceptor> interceptors = new ArrayList<>();
        private final List<CallListener> listeners = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler = Scheduler.system();

        private Builder() {
        }

        /** Reads this file instead of searching for duo.yml. */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Uses this configuration instead of reading a file and the environment. */
        public Builder config(DuoConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The environment variables to read (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Where {@code ./duo.yml} is looked for (default: the working directory). */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A programmatic change applied last, such as {@code b -> b.betaModelsEnabled(true)}. */
        public Builder configure(UnaryOperator<DuoConfig.Builder> change) {
            changes.add(Objects.requireNonNull(change, "change"));
            return this;
        }

        /** A provider used before those found on the classpath, for its platforms. */
        public Builder provider(ModelProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Serves every model with this client (the testkit's fakes); the caller keeps ownership. */
        public Builder modelClient(ModelClient client) {
            this.modelClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Adds an interceptor around every call (after the SDK's deadline, before its logging and retries). */
        public Builder interceptor(CallInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds a listener told of every call's request, first token, retries, response and error. */
        public Builder listener(CallListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How failed attempts are retried (default {@link RetryPolicy#DEFAULTS}; {@link RetryPolicy#NONE} for none). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The clock latencies and deadlines are measured with (tests pass a virtual one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the pipeline waits: retry backoff, deadlines, stream idle checks (tests pass a virtual one). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The class loader providers are discovered from (default: this library's). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Loads the configuration and builds the client.
         *
         * @throws ConfigurationException for a malformed or unknown entry, naming file and line
         */
        public DuoClient build() {
            DuoConfig base = config != null ? config : DuoConfigLoader.load(configFile, environment, workingDirectory);
            DuoConfig.Builder b = base.toBuilder();
            for (UnaryOperator<DuoConfig.Builder> change : changes) {
                b = change.apply(b);
            }
            DuoConfig finalConfig = b.build();
            ClassLoader loader = classLoader != null ? classLoader : DuoClient.class.getClassLoader();
            ProviderRegistry registry = ProviderRegistry.load(providers, loader);
            ModelClients modelClients = new ModelClients(registry, environment, modelClient);
            try {
                CallPipeline pipeline = CallPipeline.builder()
                        .interceptors(interceptors)
                        .listeners(listeners)
                        .retryPolicy(retryPolicy)
                        .clock(clock)
                        .scheduler(scheduler)
                        .requestLogging(finalConfig.requestLogging())
                        .build();
                return new DuoClient(finalConfig, modelClients, pipeline);
            } catch (RuntimeException e) {
                modelClients.close();
                registry.close();
                throw e;
            }
        }
    }
}
