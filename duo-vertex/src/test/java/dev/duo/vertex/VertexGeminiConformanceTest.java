package dev.duo.vertex;

import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.FakeVertexServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import org.junit.jupiter.api.AfterEach;

/** Gemini on Vertex AI against the fake Vertex server, authorized by a service-account key through its token endpoint. */
class VertexGeminiConformanceTest extends ModelClientConformanceTest {

    private final VertexAiProvider provider = new VertexAiProvider();

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        return FakeVertexServer.builder().faultPlan(plan).start();
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        FakeVertexServer fake = (FakeVertexServer) server;
        return provider.createClient(VertexModels.withKeyFile(fake, VertexModels.gemini(fake, timeouts)));
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }
}
