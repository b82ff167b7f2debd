package dev.duo.fireworks;

import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Code generation served by an OpenAI-compatible model on a local {@link MockWebServer}, through a
 * real {@link DuoClient}: for tests of the whole path, from the feature client to the socket. Both
 * are closed after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * final MockServerFeature mock = new MockServerFeature("reuse");
 * ...
 * mock.server().enqueue(...);
 * mock.feature().generate(MockServerFeature.INPUTS);
 * }</pre>
 */
final class MockServerFeature implements AfterEachCallback {

    /** Code generation's inputs: an instruction and the file around the cursor. */
    static final Map<String, Object> INPUTS = Map.of("user_instruction", "Say hi.", "file_name", "Hi.java",
            "language", "java", "trimmed_content_above_cursor", "class Hi {\n", "trimmed_content_below_cursor", "}\n");

    private final MockWebServer server;
    private final DuoClient duo;

    /** Starts the server and a client whose one model ({@code name}) serves code generation. */
    MockServerFeature(String name) {
        server = new MockWebServer();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SelfHostedModel model = SelfHostedModel.builder().name(name).family(ModelFamily.MISTRAL)
                .identifier("custom_openai/m").endpoint(server.url("/v1").uri()).apiKey(ApiKey.literal(name + "-key-123"))
                .build();
        duo = DuoClient.builder().config(DuoConfig.builder().model(model)
                .feature("code_generations", FeatureSetting.selfHosted(model.name())).build())
                .environment(Map.of()).build();
    }

    MockWebServer server() {
        return server;
    }

    FeatureClient feature() {
        return duo.feature("code_generation");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        duo.close();
        server.close();
    }
}
