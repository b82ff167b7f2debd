package dev.duo.fireworks.azure;

import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ProviderContext;
import java.net.URI;

/** Azure OpenAI models and contexts for tests. */
final class AzureModels {

    static final String KEY = "azure-fake-key-0c9d2e";
    static final String DEPLOYMENT = "gpt-4o-fake";

    private AzureModels() {
    }

    static SelfHostedModel.Builder model(URI endpoint, Timeouts timeouts) {
        return SelfHostedModel.builder().name("GPT-4o on Azure").family(ModelFamily.GPT)
                .identifier("azure/" + DEPLOYMENT).endpoint(endpoint).timeouts(timeouts);
    }

    static ProviderContext context(SelfHostedModel model) {
        return ProviderContext.builder(model).apiKey(Secret.of(KEY)).build();
    }
}
