package dev.duo.fireworks;

import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** The OpenAI-compatible provider against the testkit's fake OpenAI server. */
class FireworksConformanceTest extends ModelClientConformanceTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        return FakeOpenAiServer.builder().faultPlan(plan).start();
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        SelfHostedModel model = SelfHostedModel.builder()
                .name("Fake vLLM")
                .family(ModelFamily.MISTRAL)
                .identifier("custom_openai/fake-model")
                .endpoint(server.endpoint())
                .timeouts(timeouts)
                .build();
        return provider.createClient(ProviderContext.builder(model).apiKey(Secret.of("test-key")).build());
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }
}
