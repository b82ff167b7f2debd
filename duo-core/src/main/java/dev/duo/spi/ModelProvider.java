package dev.duo.spi;

import java.util.Set;

/**
 * A provider module's entry point, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.duo.spi.ModelProvider}).
 *
 * <p>Each {@code DuoClient} loads its own provider instances, so a provider may hold resources
 * shared by all its clients (a connection pool, an SDK client per region) and releases them in
 * {@link #close()}, which the {@code DuoClient} calls when it closes. Two providers claiming the
 * same platform id is a startup error naming both.
 *
 * <pre>{@code
 * public final class MyProvider implements ModelProvider {
 *     public Set<String> platforms() { return Set.of("my_platform"); }
 *     public ModelClient createClient(ProviderContext ctx) { return new MyClient(ctx); }
 *     public void close() { }
 * }
 * }</pre>
 */
public interface ModelProvider extends AutoCloseable {

    /** The platform ids served, such as {@code fireworks_ai}, {@code custom_openai}, {@code openai}. */
    Set<String> platforms();

    /**
     * A client for one model; called once per model and cached by the core.
     *
     * @throws dev.duo.ConfigurationException when the model cannot be served as configured
     *     (a refused endpoint, missing credentials), with a message naming the fix
     */
    ModelClient createClient(ProviderContext context);

    /** Releases the provider's shared resources. */
    @Override
    void close();
}
