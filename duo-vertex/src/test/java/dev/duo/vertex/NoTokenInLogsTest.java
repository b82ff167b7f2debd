package dev.duo.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.Message;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeVertexServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With every log switch on, at DEBUG, no access token (nor the service account's key) shows in any log line. */
class NoTokenInLogsTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final VertexAiProvider provider = new VertexAiProvider();
    private FakeVertexServer fake;
    private Level before;

    @BeforeEach
    void capture() {
        before = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        root.setLevel(before);
        provider.close();
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void tokensAreMaskedInWireLogs() {
        fake = FakeVertexServer.builder().tokenLifetime(Duration.ofSeconds(30)).enabledModels(VertexModels.CLAUDE).start();
        ProviderContext base = VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS));
        ProviderContext ctx = ProviderContext.builder(base.model()).wireLogging(true).requestLogging(true).build();
        ModelClient c = provider.createClient(ctx);
        ModelRequest r = ModelRequest.builder().messages(List.of(Message.user("one two"))).build();
        c.complete(r, Attempt.of(VertexModels.TIMEOUTS));
        RecordingListener l = new RecordingListener();
        c.stream(r, Attempt.of(VertexModels.TIMEOUTS), l);
        l.awaitTerminal(Duration.ofSeconds(20));
        assertThat(l.error()).isNull();

        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        String logged = sb.toString();
        assertThat(logged).contains("--> POST").contains("--> body").contains("<-- 200").contains("<-- event");
        assertThat(fake.requests()).extracting(q -> q.header("Authorization")).allSatisfy(a -> {
            String token = a.substring("Bearer ".length());
            assertThat(logged).doesNotContain(token);
        });
        assertThat(logged).doesNotContain("ya29.").doesNotContain("PRIVATE KEY");
        assertThat(ctx.toString()).doesNotContain("ya29.");
    }
}
