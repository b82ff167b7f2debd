package dev.duo.internal.pipeline;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.RetryPolicy;
import dev.duo.pipeline.Scheduler;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries failed attempts. The policy (attempts, exponential backoff with jitter, which errors) is
 * resilience4j's; the waiting is ours, through the injected {@link Scheduler}, because
 * resilience4j's blocking path sleeps through a JVM-global static. {@link Retry.AsyncContext#onError}
 * says how long to wait, or -1 to stop.
 *
 * <p>Never retried: a non-retryable error (4xx validation, authentication), a stream whose first
 * chunk already reached the caller, a cancelled call, and a wait that would pass the call's deadline.
 */
final class RetryStage implements CallInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryStage.class);

    private final Retry retry;
    private final RetryPolicy policy;
    private final CallState state;
    private final Consumer<DuoException> onRetry;

    RetryStage(Retry retry, RetryPolicy policy, CallState state, Consumer<DuoException> onRetry) {
        this.retry = retry;
        this.policy = policy;
        this.state = state;
        this.onRetry = onRetry;
    }

    /** The resilience4j retry for a policy: shared by every call of one pipeline. */
    static Retry retryFor(RetryPolicy p) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(p.initialBackoff().toMillis(),
                p.multiplier(), p.jitter(), p.maxBackoff().toMillis());
        // A provider's retry-after wins when it asks for a longer wait than the backoff.
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            long wait = backoff.apply(attempt);
            if (either.isLeft() && either.getLeft() instanceof DuoException d) {
                long asked = d.context().retryAfter().map(Duration::toMillis).orElse(0L);
                wait = Math.max(wait, asked);
            }
            return wait;
        };
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(p.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof DuoException d && d.retryable())
                .failAfterMaxAttempts(false)
                .build();
        return Retry.of("duo-call", config);
    }

    @Override
    public StreamHandle intercept(Chain chain, StreamListener listener) {
        Run run = new Run(chain, new SerialListener(listener));
        run.attempt();
        return run;
    }

    private final class Run implements StreamHandle {
        private final CallInterceptor.Chain chain;
        private final SerialListener out;
        private final Retry.AsyncContext<Object> context = retry.asyncContext();
        private volatile HandleRef currentRef = new HandleRef();
        private volatile Scheduler.Task wait;
        private volatile boolean cancelled;
        private volatile boolean chunkSent;
        private int attempt;

        Run(CallInterceptor.Chain chain, SerialListener out) {
            this.chain = chain;
            this.out = out;
        }

        void attempt() {
            if (cancelled || out.terminated()) {
                return;
            }
            attempt++;
            HandleRef ref = new HandleRef();
            currentRef = ref;
            if (attempt > 1) {
                LOG.debug("duo call attempt {}/{} {}", attempt, policy.maxAttempts(), state.describe());
            }
            ref.set(chain.proceed(chain.request(), new AttemptListener()));
        }

        private void failed(DuoException e) {
            if (cancelled || out.terminated()) {
                out.onError(e);
                return;
            }
            if (chunkSent) {
                LOG.debug("duo call not retried: chunks already reached the caller {}", state.describe());
                out.onError(e);
                return;
            }
            long delay = context.onError(e);
            if (delay < 0) {
                out.onError(e);
                return;
            }
            Duration wait = Duration.ofMillis(delay);
            if (wait.compareTo(state.remaining()) >= 0) {
                LOG.warn("duo call attempt {}/{} failed and is not retried: the wait of {} ms would pass the deadline; {} - {}",
                        attempt, policy.maxAttempts(), delay, state.describe(), reason(e));
                out.onError(e);
                return;
            }
            LOG.warn("duo call attempt {}/{} failed, retrying in {} ms; {} - {}", attempt, policy.maxAttempts(), delay,
                    state.describe(), reason(e));
            onRetry.accept(e);
            this.wait = state.scheduler.schedule(this::attempt, wait);
        }

        private String reason(DuoException e) {
            return state.redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        }

        @Override
        public void cancel() {
            cancelled = true;
            Scheduler.Task w = wait;
            if (w != null) {
                w.cancel();
            }
            out.tryError(new CancelledException("the call was cancelled", null, state.errorContext()));
            currentRef.cancel();
        }

        @Override
        public boolean isDone() {
            return out.delivered();
        }

        /** Signals of one attempt; the stage below delivers at most one terminal per attempt. */
        private final class AttemptListener implements StreamListener {
            @Override
            public void onChunk(String text) {
                chunkSent = true;
                out.onChunk(text);
            }

            @Override
            public void onComplete(Completion completion) {
                context.onComplete();
                out.onComplete(completion);
            }

            @Override
            public void onError(DuoException error) {
                failed(error);
            }
        }
    }
}
