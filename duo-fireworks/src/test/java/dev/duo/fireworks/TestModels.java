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
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(30));

    private TestModels() {
    }

    static SelfHostedModel model(String identifier, URI endpoint) {
        return SelfHostedModel.builder().name("Test model").family(ModelFamily.MIXTRAL).identifier(identifier)
                .endpoint(endpoint).timeouts(TIMEOUTS).build();
    }

    static ProviderContext.Builder context(String identifier, URI endpoint) {
        return ProviderContext.builder(model(identifier, endpoint)).apiKey(Secret.of(KEY));
    }
}
