package dev.duo.fireworks;

import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.time.Duration;

/** Models and contexts for tests. */
final class TestModels {

    static final String KEY = "fw-test-key-7f3a9c";
    static final Timeouts SHORT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    private TestModels() {
    }

    static SelfHostedModel model(String identifier, URI endpoint) {
        return SelfHostedModel.builder().name("Test model").family(ModelFamily.MIXTRAL).identifier(identifier)
                .endpoint(endpoint).timeouts(SHORT).build();
    }

    static ProviderContext.Builder context(String identifier, URI endpoint) {
        return ProviderContext.builder(model(identifier, endpoint)).apiKey(Secret.of(KEY));
    }
}
