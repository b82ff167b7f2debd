package dev.duo.gateway;

import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.ModelParams;
import dev.duo.config.AiGatewaySettings;
import dev.duo.model.Secret;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.PromptCall;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeAiGateway;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway provider through the testkit's conformance suite, against {@link FakeAiGateway}: the
 * suite's "echo this text" request becomes a call of a one-line echo prompt the fake holds. The
 * prompt API reports neither usage nor a finish reason and takes no call parameters (the suite
 * checks that the client refuses them), and its 404 means "no such prompt or not a gateway".
 */
class GatewayConformanceTest extends ModelClientConformanceTest {

    static final String ECHO = "duo_testkit/echo";

    @TempDir
    static Path prompts;

    private final AiGatewayProvider provider = new AiGatewayProvider();

    /** Writes the echo prompt: the user message is the text itself. */
    static Path echoPrompt(Path root) {
        try {
            Path file = root.resolve(ECHO).resolve("base").resolve("1.0.0.yml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    ---
                    name: Echo
                    model:
                      params:
                        temperature: 0.0
                    unit_primitive: duo_chat
                    prompt_template:
                      system: Echo.
                      user: "{{ text }}"
                    """);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        return FakeAiGateway.builder().token("test-token").promptDirectory(echoPrompt(prompts)).faultPlan(plan).start();
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        AiGatewaySettings gateway = AiGatewaySettings.builder().url(server.endpoint()).timeouts(timeouts).build();
        return provider.createClient(ProviderContext.builder(gateway.asEndpoint()).apiKey(Secret.of("test-token")).build());
    }

    @Override
    protected ModelRequest request(String text, ModelParams params) {
        return ModelRequest.builder()
                .promptCall(PromptCall.builder(ECHO).version("^1.0.0").inputs(Map.of("text", text)).build())
                .params(params)
                .build();
    }

    @Override
    protected boolean apiReportsUsage() {
        return false;
    }

    @Override
    protected boolean apiReportsFinishReason() {
        return false;
    }

    @Override
    protected boolean apiSendsCallParams() {
        return false;
    }

    @Override
    protected Class<? extends DuoException> expectedErrorType(int status) {
        return status == 404 ? ConfigurationException.class : super.expectedErrorType(status);
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }
}
