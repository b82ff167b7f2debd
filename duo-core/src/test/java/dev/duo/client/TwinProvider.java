package dev.duo.client;

import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import java.util.Set;

/** Claims the same platform as {@link EchoProvider}'s no-argument form, to test the clash. */
public final class TwinProvider implements ModelProvider {

    @Override
    public Set<String> platforms() {
        return Set.of("dup_platform");
    }

    @Override
    public ModelClient createClient(ProviderContext context) {
        throw new UnsupportedOperationException("never called");
    }

    @Override
    public void close() {
    }
}
