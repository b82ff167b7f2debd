package dev.duo.bedrock;

import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.FakeBedrockServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.conformance.ModelClientConformanceTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/** The shared provider conformance suite, run against the Bedrock provider and the fake Bedrock server. */
class BedrockConformanceTest extends ModelClientConformanceTest {

    // One provider for the class: each test's fake has its own port, hence its own SDK clients,
    // but all share the provider's Netty event loop.
    private static final BedrockProvider PROVIDER = new BedrockProvider();

    @AfterAll
    static void closeProvider() {
        PROVIDER.close();
    }

    @Override
    protected ConformanceServer startServer(FaultPlan plan) {
        FakeBedrockServer fake = FakeBedrockServer.builder().faultPlan(plan).build();
        return ConformanceServer.of(fake.endpoint(), () -> fake.requests().size(), fake::close);
    }

    @Override
    protected ModelClient newClient(ConformanceServer server, Timeouts timeouts) {
        return PROVIDER.createClient(Fixtures.context(server.endpoint(), timeouts, Fixtures.SIGV4_ENV));
    }

    /**
     * The suite's timeouts with a shorter attempt: a Converse answer arrives whole, so the sync
     * client's read timeout is the attempt timeout (not the stream idle timeout), and a stalled
     * Converse ends only when the attempt does.
     */
    @Override
    protected Timeouts timeouts() {
        return super.timeouts().withAttempt(Duration.ofSeconds(3));
    }
}
