package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.RetryPolicy;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hundreds of seeded random fault plans, deadlines and cancels, in virtual time: every call ends,
 * within its deadline, with exactly one terminal signal, no chunk repeated by a retry, and nothing
 * left behind (provider streams, timers). A failing seed replays exactly.
 */
class RandomizedFaultTest {

    static java.util.stream.IntStream seeds() {
        return java.util.stream.IntStream.range(0, 400);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyCallEndsOnceWithinItsDeadline(int seed) {
        Random rnd = new Random(seed);
        boolean streaming = rnd.nextBoolean();
        FaultPlan plan = FaultPlan.builder().thenRandomly(0.3 + 0.7 * rnd.nextDouble(), seed,
                Fault.status(429).withRetryAfter(Duration.ofMillis(rnd.nextInt(20_000))), Fault.status(429),
                Fault.status(500), Fault.status(503), Fault.status(400), Fault.status(401), Fault.status(404),
                Fault.stall(), Fault.stallAfterChunks(rnd.nextInt(4)), Fault.disconnectAfterChunks(rnd.nextInt(4)),
                Fault.malformed(), Fault.reset()).build();
        RetryPolicy policy = RetryPolicy.DEFAULTS.withMaxAttempts(1 + rnd.nextInt(5));
        Fixture fx = new Fixture(plan, policy, b -> { });
        String text = "one two three four five six".substring(0, 3 + rnd.nextInt(20));
        for (int i = 0; i < 10; i++) {
            fx.fake.enqueue(FakeModelClient.Answer.text(text));
        }
        Duration total = Duration.ofMillis(100 + rnd.nextInt(30_000));
        CallContext ctx = Fixture.ctx().totalTimeout(total)
                .attemptTimeout(Duration.ofMillis(100 + rnd.nextInt(20_000)))
                .idleTimeout(Duration.ofMillis(100 + rnd.nextInt(10_000))).build();
        Duration cancelAt = rnd.nextInt(4) == 0 ? Duration.ofMillis(rnd.nextInt((int) total.toMillis())) : null;
        String where = "seed " + seed + (streaming ? " stream" : " blocking") + " total=" + total + " cancelAt=" + cancelAt;

        Object terminal;
        Instant endedAt;
        if (streaming) {
            Fixture.Recorder r = fx.stream(ctx, Fixture.REQUEST);
            if (cancelAt != null) {
                fx.vt.scheduler().schedule(r.handle::cancel, cancelAt);
            }
            assertThat(fx.vt.runUntil(() -> r.terminals() > 0)).as("hung: " + where).isTrue();
            fx.vt.runAll();
            assertThat(r.terminals()).as(where).isEqualTo(1);
            assertThat(r.overlapped).as(where).isFalse();
            assertThat(text).as("chunks are a prefix of the answer: " + where).startsWith(r.text());
            terminal = r.terminal();
            endedAt = r.endedAt;
        } else {
            CompletableFuture<Completion> f = fx.pipeline.executeAsync(ctx, fx.fake, Fixture.REQUEST);
            if (cancelAt != null) {
                fx.vt.scheduler().schedule(() -> f.cancel(true), cancelAt);
            }
            assertThat(fx.vt.runUntil(f::isDone)).as("hung: " + where).isTrue();
            endedAt = fx.vt.now();
            fx.vt.runAll();
            try {
                terminal = f.join();
            } catch (CompletionException e) {
                terminal = e.getCause();
            } catch (java.util.concurrent.CancellationException e) {
                terminal = e;
            }
        }
        assertThat(Duration.between(fx.start, endedAt)).as("ended within the deadline: " + where).isLessThanOrEqualTo(total);
        if (terminal instanceof Completion c) {
            assertThat(c.text()).as(where).isEqualTo(text);
        } else if (!(terminal instanceof java.util.concurrent.CancellationException)) {
            assertThat(terminal).as(where).isInstanceOf(DuoException.class);
        }
        assertThat(fx.events.kinds.stream().filter(k -> k.equals("response") || k.equals("error")).count())
                .as("one end event: " + where + " " + fx.events.kinds).isEqualTo(1);
        assertThat(fx.fake.openStreams()).as("provider streams left open: " + where).isZero();
        assertThat(fx.vt.pendingTimers()).as("timers left: " + where).isZero();
    }
}
