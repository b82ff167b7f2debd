package dev.duo.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK clients' timer pool: cancelled deadlines leave at once, due ones still fire, close stops it. */
class SdkTimersTest {

    @Test
    void aCancelledDeadlineLeavesTheQueueAtOnceAndOnlyTheHeartbeatStays() {
        try (SdkTimers timers = new SdkTimers()) {
            assertThat(timers.executor().getQueue()).hasSize(1); // the heartbeat
            ScheduledFuture<?> deadline = timers.executor().schedule(() -> { }, 60, TimeUnit.SECONDS);
            assertThat(timers.executor().getQueue()).hasSize(2);
            deadline.cancel(false); // as the SDK's timeout tracker cancels it
            assertThat(timers.executor().getQueue()).hasSize(1);
        }
    }

    @Test
    void aDueDeadlineFiresOnADaemonThreadAndCloseStopsThePool() throws Exception {
        SdkTimers timers = new SdkTimers();
        CountDownLatch fired = new CountDownLatch(1);
        boolean[] daemon = new boolean[1];
        timers.executor().schedule(() -> {
            daemon[0] = Thread.currentThread().isDaemon();
            fired.countDown();
        }, 1, TimeUnit.MILLISECONDS);
        assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon[0]).isTrue();
        timers.close();
        assertThat(timers.executor().awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingTheProviderCacheStopsItsTimers() throws Exception {
        AwsSdkClientCache clients = new AwsSdkClientCache();
        BedrockSettings s = BedrockSettings.resolve(dev.duo.spi.ProviderContext.builder(dev.duo.model.SelfHostedModel.builder()
                .name("m").family(dev.duo.model.ModelFamily.CLAUDE_3).identifier("bedrock/m").region("us-east-1").build())
                .environment(java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t/value")).build());
        java.util.Set<Thread> others = timerThreads(); // of other tests' providers still open
        clients.sync(s.key());
        clients.async(s.key());
        java.util.Set<Thread> ours = timerThreads();
        ours.removeAll(others);
        assertThat(ours).as("one pool of at most %d threads for all the clients", SdkTimers.THREADS)
                .hasSizeBetween(1, SdkTimers.THREADS);
        clients.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ours.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ours).noneMatch(Thread::isAlive);
    }

    private static java.util.Set<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("duo-bedrock-timer-"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
}
