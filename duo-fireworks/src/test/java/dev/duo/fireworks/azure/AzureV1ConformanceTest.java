package dev.duo.fireworks.azure;

import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;

/** Azure OpenAI, v1 style ({@code /openai/v1/chat/completions}, the deployment as model), against the fake Azure server. */
class AzureV1ConformanceTest extends ModelClientConformanceTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        return FakeAzureOpenAiServer.builder().faultPlan(plan).deployment(AzureModels.DEPLOYMENT).apiKey(AzureModels.KEY).start();
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        URI v1 = URI.create(server.endpoint() + "/openai/v1");
        return provider.createClient(AzureModels.context(AzureModels.model(v1, timeouts).build()));
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }
}
