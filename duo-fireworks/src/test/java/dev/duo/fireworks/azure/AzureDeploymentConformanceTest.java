package dev.duo.fireworks.azure;

import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** Azure OpenAI, deployment style ({@code /openai/deployments/{d}/...?api-version=}), against the fake Azure server. */
class AzureDeploymentConformanceTest extends ModelClientConformanceTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        return FakeAzureOpenAiServer.builder().faultPlan(plan).deployment(AzureModels.DEPLOYMENT).apiKey(AzureModels.KEY).start();
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        return provider.createClient(AzureModels.context(AzureModels.model(server.endpoint(), timeouts).build()));
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }
}
