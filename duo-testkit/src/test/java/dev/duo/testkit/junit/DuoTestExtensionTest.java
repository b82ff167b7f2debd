package dev.duo.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.FakeModelClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DuoTest
class DuoTestExtensionTest {

    private static final Map<String, String> INPUTS = Map.of("diff", "+Hello, world");
    private static ExecutorService preExisting;

    private FakeModelClient fakeField;
    private DuoClient clientField;
    private CallLog callsField;

    @BeforeAll
    static void startAPoolBeforeAnyTest() throws Exception {
        preExisting = Executors.newSingleThreadExecutor(r -> new Thread(r, "pre-existing-pool"));
        preExisting.submit(() -> { }).get();   // its thread exists before any override
    }

    @AfterAll
    static void stopPool() {
        preExisting.shutdownNow();
    }

    @BeforeEach
    void scriptedInBeforeEach(FakeModelClient fake) {
        fake.whenFeature("generate_commit_message").thenAnswer("Greet the world");
    }

    @Test
    void injectsTheSameFakeAndClientAsParametersAndFields(FakeModelClient fake, DuoClient client, CallLog calls) {
        assertThat(fake).isSameAs(fakeField).isSameAs(calls).isSameAs(callsField);
        assertThat(client).isSameAs(clientField);
        assertThat(client.feature("generate_commit_message").generate(INPUTS).text()).isEqualTo("Greet the world");
    }

    @Test
    void staticForFeatureReturnsTheFakeBackedClient(FakeModelClient fake) {
        Completion c = DuoClient.forFeature("generate_commit_message").generate(INPUTS);
        assertThat(c.text()).isEqualTo("Greet the world");
        assertThat(c.provenance()).hasValueSatisfying(p -> assertThat(p.model()).isEqualTo("fake"));
        fake.assertCalled("generate_commit_message").assertUserMessageContains("+Hello, world");
    }

    @Test
    void threadsTheTestStartsSeeTheOverride(FakeModelClient fake) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(DuoClient.forFeature("generate_commit_message").generate(INPUTS).text()));
        t.start();
        t.join();
        assertThat(seen.get()).isEqualTo("Greet the world");
    }

    @RepeatedTest(3)
    void eachTestGetsAFreshFake(FakeModelClient fake) {
        assertThat(fake.requests()).isEmpty();
        DuoClient.forFeature("generate_commit_message").generate(INPUTS);
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void aPreExistingPoolDoesNotSeeTheOverrideAndTheSdkWarns(FakeModelClient fake) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(DuoClient.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            FeatureClient there = CompletableFuture.supplyAsync(() -> DuoClient.forFeature("generate_commit_message"),
                    preExisting).get();
            assertThat(there).isNotNull();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("thread 'pre-existing-pool', which has no default-client override")
                .contains("thread pool that existed before"));
        assertThat(fake.requests()).isEmpty();
    }

    @Nested
    class InANestedClass {
        @Test
        void stillInjectsAndOverrides(FakeModelClient fake) {
            assertThat(fake).isSameAs(fakeField);
            assertThat(DuoClient.forFeature("generate_commit_message").generate(INPUTS).text()).isEqualTo("Greet the world");
        }
    }

    @Test
    @DuoTest(family = "mistral")
    void aMethodAnnotationWins(DuoClient client) {
        assertThat(client.config().models().get("fake").family().id()).isEqualTo("mistral");
    }
}
