package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.internal.call.ScriptedClient.Answer;
import dev.duo.internal.call.ScriptedClient.DropAfter;
import dev.duo.internal.call.ScriptedClient.Fail;
import dev.duo.internal.call.ScriptedClient.Stall;
import dev.duo.internal.call.ScriptedClient.StallAfter;
import dev.duo.internal.call.ScriptedClient.Step;
import dev.duo.call.CallContext;
import dev.duo.call.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 400 seeded random scripts of failures, stalls, drops, deadlines, cancels and interrupts, for each
 * kind of call, in virtual time on the production path: every call ends once, within its deadline,
 * with one end event, chunks never repeated by a retry, and nothing left behind (provider streams,
 * timers, calls in flight). A failing seed replays exactly.
 */
class RandomizedFaultTest {

    static IntStream seeds() {
        return IntStream.range(0, 400);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyCallEndsOnceWithinItsDeadline(int seed) {
        Random rnd = new Random(seed);
        RealCall.Kind kind = RealCall.Kind.values()[rnd.nextInt(3)];
        Step[] steps = new Step[6];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = switch (rnd.nextInt(8)) {
                case 0 -> new Fail(new ProviderUnavailableException("503"));
                case 1 -> new Fail(new RateLimitedException("429", null,
                        ErrorContext.builder().status(429).retryAfter(Duration.ofMillis(rnd.nextInt(20_000))).build()));
                case 2 -> new Fail(new InvalidRequestException("400"));
                case 3 -> new Stall();
                case 4 -> new StallAfter(rnd.nextInt(3));
                case 5 -> new DropAfter(rnd.nextInt(3));
                default -> new Answer("one two three");
            };
        }
        RetryPolicy policy = RetryPolicy.DEFAULTS.withMaxAttempts(1 + rnd.nextInt(5));
        Duration total = Duration.ofMillis(100 + rnd.nextInt(30_000));
        CallContext ctx = Rig.ctx().totalTimeout(total).attemptTimeout(Duration.ofMillis(100 + rnd.nextInt(20_000)))
                .idleTimeout(Duration.ofMillis(100 + rnd.nextInt(10_000))).build();
        Duration cancelAt = rnd.nextInt(4) == 0 ? Duration.ofMillis(rnd.nextInt((int) total.toMillis())) : null;
        String where = "seed " + seed + " " + kind + " total=" + total + " cancelAt=" + cancelAt;

        try (Rig rig = new Rig(policy, List.of(), steps)) {
            Object terminal;
            Instant endedAt;
            int terminals = 1;
            Duration allowance = Duration.ZERO;
            if (kind == RealCall.Kind.BLOCKING) {
                if (cancelAt != null) {
                    Thread caller = Thread.currentThread();
                    rig.vt.scheduler().schedule(caller::interrupt, cancelAt);
                    allowance = Duration.ofMillis(CallRuntime.WATCH_MILLIS);   // an interrupt is seen by the watch
                }
                terminal = rig.execute(ctx);
                endedAt = rig.vt.now();
                Thread.interrupted();
            } else if (kind == RealCall.Kind.ASYNC) {
                CompletableFuture<Completion> f = rig.async(ctx);
                if (cancelAt != null) {
                    rig.vt.scheduler().schedule(() -> f.cancel(true), cancelAt);
                }
                assertThat(rig.vt.runUntil(f::isDone)).as("hung: " + where).isTrue();
                endedAt = rig.vt.now();
                terminal = Rig.outcome(f);
            } else {
                Rig.Recorder r = rig.stream(ctx);
                if (cancelAt != null) {
                    rig.vt.scheduler().schedule(r.handle::cancel, cancelAt);
                }
                assertThat(rig.vt.runUntil(() -> !r.terminals.isEmpty())).as("hung: " + where).isTrue();
                rig.vt.runAll();
                terminals = r.terminals.size();
                assertThat(r.overlapped).as(where).isFalse();
                assertThat("one two three").as("chunks are a prefix of the answer: " + where).startsWith(r.text());
                terminal = r.terminals.get(0);
                endedAt = r.endedAt;
            }
            rig.vt.runAll();

            assertThat(terminals).as("one terminal: " + where).isEqualTo(1);
            assertThat(Duration.between(rig.vt.start, endedAt)).as("within the deadline: " + where)
                    .isLessThanOrEqualTo(total.plus(allowance));
            if (terminal instanceof Completion c) {
                assertThat(c.text()).as(where).isEqualTo("one two three");
            } else if (!(terminal instanceof java.util.concurrent.CancellationException)) {
                assertThat(terminal).as(where).isInstanceOf(DuoException.class);
            }
            assertThat(rig.events.kinds.stream().filter(k -> k.equals("response") || k.equals("error")).count())
                    .as("one end event: " + where + " " + rig.events.kinds).isEqualTo(1);
            assertThat(rig.client.openStreams).as("provider streams left open: " + where).hasValue(0);
            assertThat(rig.vt.pendingTimers()).as("timers left: " + where).isZero();
            assertThat(rig.runtime.inFlight()).as("calls left in flight: " + where).isZero();
            if (kind != RealCall.Kind.BLOCKING) {
                // an async or streamed attempt is marked over when it ends, whichever way (a blocking one returns)
                assertThat(rig.client.attempts).as("attempts left open: " + where).allMatch(a -> a.isCancelled());
            }
        }
    }
}
