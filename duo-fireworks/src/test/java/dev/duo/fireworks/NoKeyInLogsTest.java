package dev.duo.fireworks;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.conformance.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With every log switch on, at DEBUG, the api key never shows: not even where a server echoes it. */
class NoKeyInLogsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.duo.fireworks");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private final MockWebServer server = new MockWebServer();
    private Level before;

    @BeforeEach
    void capture() throws IOException {
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
        server.start();
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
        logger.setLevel(before);
        provider.close();
        server.close();
    }

    private ModelClient client() {
        return provider.createClient(TestModels.context("custom_openai/m", server.url("/v1").uri())
                .wireLogging(true).requestLogging(true).build());
    }

    private static ModelRequest ask() {
        return ModelRequest.builder().messages(List.of(Message.user("my key is " + TestModels.KEY + ", keep it"))).build();
    }

    private String everythingLogged() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void errorBodiesThatEchoTheKeyAreMasked() {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .setHeader("x-echo", "Bearer " + TestModels.KEY)
                .body("{\"error\":{\"message\":\"Invalid API key: Bearer " + TestModels.KEY + "\"}}").build());
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, () -> client().complete(ask(), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(e.getMessage()).doesNotContain(TestModels.KEY).contains("Invalid API key: Bearer ****");
        assertThat(e.toString()).doesNotContain(TestModels.KEY);

        String logged = everythingLogged();
        assertThat(logged).contains("--> POST").contains("Authorization: ****").contains("<-- 401")
                .contains("--> body").contains("<-- body");
        assertThat(logged).doesNotContain(TestModels.KEY);
    }

    @Test
    void streamedEventsThatEchoTheKeyAreMasked() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                        + "data: {\"error\":{\"message\":\"bad key " + TestModels.KEY + "\"}}\n\n").build());
        RecordingListener l = new RecordingListener();
        client().stream(ask(), Attempt.of(Timeouts.DEFAULTS), l);
        DuoException e = l.awaitTerminal(Duration.ofSeconds(20)).error();
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(TestModels.KEY).contains("bad key ****");
        String logged = everythingLogged();
        assertThat(logged).contains("<-- event").doesNotContain(TestModels.KEY);
    }

    @Test
    void noLogsWhenTheSwitchesAreOff() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}").build());
        provider.createClient(TestModels.context("custom_openai/m", server.url("/v1").uri()).build()).complete(ask(), Attempt.of(Timeouts.DEFAULTS));
        assertThat(logs.list).isEmpty();
    }
}
