package dev.duo;

import dev.duo.admin.Provenance;
import dev.duo.config.ConfigListener;
import dev.duo.config.ConfigStatus;
import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.FeatureRegistry;
import dev.duo.internal.client.ClientSnapshot;
import dev.duo.internal.client.DefaultFeatureClient;
import dev.duo.internal.client.ModelClientCache;
import dev.duo.internal.client.ProviderRegistry;
import dev.duo.internal.call.CallRuntime;
import dev.duo.internal.live.LiveConfig;
import dev.duo.internal.live.StoreProviders;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import dev.duo.call.Scheduler;
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
    private final ModelClientCache clients;
    private final CallRuntime runtime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LiveConfig live;

    private DuoClient(LiveConfig live, ModelClientCache clients, CallRuntime runtime) {
        this.clients = clients;
        this.runtime = runtime;
        this.live = live;
        this.snapshot = new AtomicReference<>(newSnapshot(live.initial()));
        live.start(snapshot.get(), new Reload(this), new Reload(this));
    }

    /**
     * How the live configuration builds and swaps in a snapshot: {@link #nextSnapshot}, then the swap. A
     * class, not two method references: each is a class spun at run time, and every client starts here.
     */
    private static final class Reload implements java.util.function.BiFunction<DuoConfig, Boolean, ClientSnapshot>,
            java.util.function.Consumer<ClientSnapshot> {
        private final DuoClient client;

        Reload(DuoClient client) {
            this.client = client;
        }

        @Override
        public ClientSnapshot apply(DuoConfig config, Boolean promptFoldersChanged) {
            return client.nextSnapshot(config, promptFoldersChanged);
        }

        @Override
        public void accept(ClientSnapshot next) {
            client.snapshot.set(next);
        }
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
        return DefaultDuoClient.current().feature(feature);
    }

    /**
     * Makes {@code client} the one {@link #forFeature} uses, in this thread and the threads it
     * starts, until the returned handle is closed. Tests use this (the testkit's extension does).
     */
    public static DefaultOverride overrideDefault(DuoClient client) {
        return DefaultDuoClient.override(Objects.requireNonNull(client, "client"));
    }

    /**
     * Makes {@code client} the default that {@link #forFeature} uses in every thread (a scoped
     * {@link #overrideDefault} still wins in its own threads), until the returned handle is closed,
     * which restores the previous default. For frameworks that own the client's life: the Spring Boot
     * starter installs its bean this way. The caller keeps owning {@code client} and closes it.
     *
     * <pre>{@code
     * DuoClient duo = DuoClient.builder().configFile(Path.of("duo.yml")).build();
     * DuoClient.DefaultOverride installed = DuoClient.installDefault(duo);
     * // ... on shutdown:
     * installed.close();
     * duo.close();
     * }</pre>
     */
    public static DefaultOverride installDefault(DuoClient client) {
        return DefaultDuoClient.install(Objects.requireNonNull(client, "client"));
    }

    /**
     * A client for one feature. Cheap: resolution happens on the first call and is cached.
     *
     * @param feature a feature key or alias
     */
    public FeatureClient feature(String feature) {
        Objects.requireNonNull(feature, "feature");
        checkOpen();
        return new DefaultFeatureClient(feature, this::currentSnapshot, runtime);
    }

    /**
     * Resolves a feature as its first call would (setting, model, compatibility, beta opt-in, prompt,
     * provider module, credentials), without calling the model: what a health check or a start-up
     * check wants. The answer says which model and prompt would serve the feature.
     *
     * <pre>{@code
     * Provenance p = duo.resolve("code_generation");
     * log.info("code generation runs on {} with {}", p.model(), p.prompt());
     * }</pre>
     *
     * @param feature a feature key or alias
     * @throws ConfigurationException a subtype naming what is wrong and the fix
     */
    public Provenance resolve(String feature) {
        Objects.requireNonNull(feature, "feature");
        checkOpen();
        var r = currentSnapshot().resolve(feature);
        return new Provenance(r.feature().key(), r.model().name(), r.model().family().id(), r.model().platform(),
                r.prompt().describe());
    }

    /**
     * Where each model this client has called stands in its routing: circuit (closed, open until
     * when, half open), rate-limit pause, requests in flight against {@code max_concurrent_requests}.
     *
     * <pre>{@code
     * duo.modelStatuses().forEach(s -> log.info("{}: {}", s.model(), s.circuit()));
     * }</pre>
     */
    public List<dev.duo.call.ModelStatus> modelStatuses() {
        return runtime.modelStatuses();
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
     * Where this client's live configuration stands: its source, whether it follows changes, the
     * last rejected change, the store's connection (a health indicator reads this).
     */
    public ConfigStatus configStatus() {
        return live.status();
    }

    /** Adds a listener told when the configuration changes, a change is rejected, or the store comes and goes. */
    public void addConfigListener(ConfigListener listener) {
        live.addListener(listener);
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

    /**
     * Cancels the calls in flight (they end with {@link CancelledException}, their HTTP calls
     * aborted), then closes every model client and provider this client made; idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            DefaultDuoClient.forget(this);
            live.close();
            runtime.close();
            clients.close();
            clients.providers().close();
        }
    }

    private ClientSnapshot currentSnapshot() {
        return snapshot.get();
    }

    /**
     * A changed snapshot. Unless a prompt folder changed (or the list of them), the prompts already
     * loaded are kept: loading them is the slow part, and a settings change does not touch them.
     */
    private ClientSnapshot nextSnapshot(DuoConfig config, boolean promptFoldersChanged) {
        ClientSnapshot now = snapshot.get();
        if (!promptFoldersChanged && now.config().promptDirectories().equals(config.promptDirectories())) {
            return new ClientSnapshot(config, clients, now.prompts());
        }
        return newSnapshot(config);
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
        private Boolean watchConfig;
        private final List<ConfigListener> configListeners = new ArrayList<>();

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

        /** Adds an interceptor around every call's attempts (once per call; retries and deadlines are inside it). */
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

        /** How calls wait: retry backoff, deadlines, stream idle checks (tests pass a virtual one). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Whether a client built from a file follows changes to it, to its prompt folders and to its
         * settings store (default: true, unless {@code DUO_CONFIG_WATCH=false}).
         */
        public Builder watchConfig(boolean watch) {
            this.watchConfig = watch;
            return this;
        }

        /** Adds a listener told of configuration changes, rejected changes and the store's connection. */
        public Builder configListener(ConfigListener listener) {
            configListeners.add(Objects.requireNonNull(listener, "listener"));
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
            ClassLoader loader = classLoader != null ? classLoader : DuoClient.class.getClassLoader();
            LiveConfig live = liveConfig(loader);
            ProviderRegistry registry;
            ModelClientCache modelClients;
            try {
                registry = ProviderRegistry.load(providers, loader);
                modelClients = new ModelClientCache(registry, environment, modelClient, clock, listeners);
            } catch (RuntimeException e) {
                live.close();
                throw e;
            }
            DuoConfig finalConfig = live.initial();
            try {
                CallRuntime runtime = CallRuntime.builder()
                        .interceptors(interceptors)
                        .listeners(listeners)
                        .retryPolicy(retryPolicy)
                        .clock(clock)
                        .scheduler(scheduler)
                        .requestLogging(finalConfig.requestLogging())
                        .routing(modelClient != null)
                        .build();
                return new DuoClient(live, modelClients, runtime);
            } catch (RuntimeException e) {
                live.close();
                modelClients.close();
                registry.close();
                throw e;
            }
        }

        private LiveConfig liveConfig(ClassLoader loader) {
            java.util.Optional<Path> watched = config != null ? java.util.Optional.empty()
                    : DuoConfigLoader.locate(configFile, environment, workingDirectory);
            String env = environment.get("DUO_CONFIG_WATCH");
            boolean watch = watchConfig != null ? watchConfig : env == null || !env.trim().equalsIgnoreCase("false");
            Layers layers = new Layers(config != null, List.copyOf(changes), watch, loader);
            return new LiveConfig(layers, layers, watched, layers.new StoreConnector(), watch, clock, configListeners);
        }

        /**
         * The live configuration's layers: the file layer (the given configuration, else duo.yml read
         * again), the programmatic changes applied last, and the settings store's connector. Inner classes,
         * not three lambdas (each lambda is a class spun at run time, and every client starts here); like
         * those lambdas they read the builder's fields when called.
         */
        private final class Layers implements java.util.function.Supplier<DuoConfig>, UnaryOperator<DuoConfig> {
            private final boolean given;
            private final List<UnaryOperator<DuoConfig.Builder>> steps;
            private final boolean watch;
            private final ClassLoader loader;

            Layers(boolean given, List<UnaryOperator<DuoConfig.Builder>> steps, boolean watch, ClassLoader loader) {
                this.given = given;
                this.steps = steps;
                this.watch = watch;
                this.loader = loader;
            }

            @Override
            public DuoConfig get() {
                return given ? config : DuoConfigLoader.load(configFile, environment, workingDirectory);
            }

            @Override
            public DuoConfig apply(DuoConfig c) {
                DuoConfig.Builder b = c.toBuilder();
                for (UnaryOperator<DuoConfig.Builder> change : steps) {
                    b = change.apply(b);
                }
                return b.build();
            }

            /** Connects to the settings store a configuration names. */
            final class StoreConnector implements java.util.function.Function<dev.duo.config.StoreSettings,
                    dev.duo.spi.SettingsStoreConnection> {
                @Override
                public dev.duo.spi.SettingsStoreConnection apply(dev.duo.config.StoreSettings s) {
                    return StoreProviders.connect(s, environment, watch, loader);
                }
            }
        }
    }
}
