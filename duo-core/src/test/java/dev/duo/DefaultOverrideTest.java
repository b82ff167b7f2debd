package dev.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.config.DuoConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DefaultOverrideTest {

    private static DuoClient client() {
        return DuoClient.builder().config(DuoConfig.empty()).environment(Map.of()).build();
    }

    @Test
    @SuppressWarnings("try")
    void anOverrideHoldsOnItsThreadAndTheThreadsItStartsAndIsRestoredOnClose() throws Exception {
        try (DuoClient outer = client(); DuoClient inner = client()) {
            try (DuoClient.DefaultOverride o1 = DuoClient.overrideDefault(outer)) {
                assertThat(DefaultDuoClient.current()).isSameAs(outer);
                DuoClient.DefaultOverride o2 = DuoClient.overrideDefault(inner);
                DuoClient[] seen = new DuoClient[1];
                Thread t = new Thread(() -> seen[0] = DefaultDuoClient.current());
                t.start();
                t.join();
                assertThat(seen[0]).isSameAs(inner);
                o2.close();
                o2.close();   // idempotent
                assertThat(DefaultDuoClient.current()).isSameAs(outer);
            }
        }
    }

    @Test
    void closingOnAnotherThreadIsRefused() throws Exception {
        try (DuoClient c = client()) {
            DuoClient.DefaultOverride o = DuoClient.overrideDefault(c);
            Throwable[] error = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    o.close();
                } catch (Throwable e) {
                    error[0] = e;
                }
            }, "other");
            t.start();
            t.join();
            assertThat(error[0]).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("close the default-client override in the thread that made it");
            o.close();
        }
    }

    @Test
    @SuppressWarnings("try")
    void aThreadWithoutTheOverrideWarnsOnceWhileOneIsOpenElsewhere() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "old-pool"));
        pool.submit(() -> { }).get();
        Logger logger = (Logger) LoggerFactory.getLogger(DuoClient.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (DuoClient c = client(); DuoClient.DefaultOverride o = DuoClient.overrideDefault(c)) {
            DuoClient there = CompletableFuture.supplyAsync(DefaultDuoClient::current, pool).get();
            CompletableFuture.supplyAsync(DefaultDuoClient::current, pool).get();
            assertThat(there).isNotSameAs(c);
        } finally {
            logger.detachAppender(logs);
            pool.shutdownNow();
        }
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("'old-pool'")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("which has no default-client override, while an override (such as a @DuoTest's fake) "
                                + "is open in another thread"));
    }
}
