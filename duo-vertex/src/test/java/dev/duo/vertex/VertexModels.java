package dev.duo.vertex;

import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeVertexServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Vertex AI models and contexts for tests, with a service-account key file for the fake's token endpoint. */
final class VertexModels {

    static final String CLAUDE = "claude-sonnet-4@20250514";
    static final String GEMINI = "gemini-2.0-flash-001";
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    private VertexModels() {
    }

    static SelfHostedModel.Builder claude(FakeVertexServer fake, Timeouts timeouts) {
        return SelfHostedModel.builder().name("Claude on Vertex").family(ModelFamily.CLAUDE_3)
                .identifier("vertex_ai/" + CLAUDE).endpoint(fake.endpoint()).project(FakeVertexServer.PROJECT)
                .region("us-east5").timeouts(timeouts);
    }

    static SelfHostedModel.Builder gemini(FakeVertexServer fake, Timeouts timeouts) {
        return SelfHostedModel.builder().name("Gemini on Vertex").family(ModelFamily.GEMINI)
                .identifier("vertex_ai/" + GEMINI).endpoint(fake.endpoint()).project(FakeVertexServer.PROJECT)
                .region("us-central1").timeouts(timeouts);
    }

    /** Writes the fake's service-account key to a temporary file and names it as the model's credentials_file. */
    static ProviderContext withKeyFile(FakeVertexServer fake, SelfHostedModel.Builder model) {
        try {
            Path key = Files.createTempFile("duo-vertex-sa", ".json");
            key.toFile().deleteOnExit();
            Files.writeString(key, fake.serviceAccountJson());
            return ProviderContext.builder(model.credentialsFile(key.toString()).build()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
