package dev.duo.fireworks.azure;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.AuthenticationException;
import dev.duo.Message;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.model.Secret;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Azure's api-key header is masked like every credential: in wire logs, bodies and messages. */
class AzureNoKeyInLogsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.duo.fireworks");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private FakeAzureOpenAiServer azure;
    private Level before;

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
        logger.setLevel(before);
        provider.close();
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void theApiKeyNeverShows() {
        azure = FakeAzureOpenAiServer.builder().deployment(AzureModels.DEPLOYMENT).apiKey(AzureModels.KEY).start();
        ProviderContext ctx = ProviderContext.builder(AzureModels.model(azure.endpoint(), AzureModelsTimeouts.T).build())
                .apiKey(Secret.of(AzureModels.KEY)).wireLogging(true).requestLogging(true).build();
        ModelClient c = provider.createClient(ctx);
        ModelRequest r = ModelRequest.builder().messages(List.of(Message.user("my key is " + AzureModels.KEY))).build();
        c.complete(r, Attempt.of(AzureModelsTimeouts.T));
        RecordingListener l = new RecordingListener();
        c.stream(r, Attempt.of(AzureModelsTimeouts.T), l);
        l.awaitTerminal(Duration.ofSeconds(20));

        ProviderContext wrong = ProviderContext.builder(ctx.model()).apiKey(Secret.of("azure-wrong-key-9a8b7c"))
                .wireLogging(true).requestLogging(true).build();
        AuthenticationException e = org.assertj.core.api.Assertions.catchThrowableOfType(AuthenticationException.class,
                () -> provider.createClient(wrong).complete(ModelRequest.builder().messages(List.of(Message.user("hi"))).build(), Attempt.of(AzureModelsTimeouts.T)));
        assertThat(e.getMessage()).doesNotContain("azure-wrong-key-9a8b7c");

        String logged = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        assertThat(logged).contains("api-key: ****").contains("<-- event");
        assertThat(logged).doesNotContain(AzureModels.KEY).doesNotContain("azure-wrong-key-9a8b7c");
    }

    /** Timeouts for this test. */
    private static final class AzureModelsTimeouts {
        static final dev.duo.model.Timeouts T = new dev.duo.model.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
}
