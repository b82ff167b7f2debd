package dev.duo.internal.pipeline;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidConfigException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.pipeline.CallContext;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.CallListener;
import dev.duo.pipeline.Redactor;
import dev.duo.pipeline.RetryPolicy;
import dev.duo.pipeline.Scheduler;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import io.github.resilience4j.retry.Retry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs calls to a {@link ModelClient} reliably: the one entry point {@code FeatureClient} uses.
 * Thread-safe and stateless between calls; build one per {@code DuoClient} and share it.
 *
 * <p>Every call goes through, outermost first: the caller's listener guard (one terminal signal,
 * always; listener exceptions logged), the {@link CallListener}s, the overall deadline, the users'
 * {@link CallInterceptor}s, request logging, retry, then each attempt's deadline and stream idle
 * timeout, then the client. Deadlines are enforced here with the {@link Scheduler}, so a call ends
 * within its deadline even if the provider never answers. {@link #execute} runs the attempts on the
 * caller's thread (no thread hand-off per call): at a deadline that thread is interrupted inside
 * the client, and gets its {@code DuoTimeoutException} when the client returns (at once for a client
 * that honours interrupts; the bundled providers also bound each attempt with their HTTP clients'
 * own timeouts). {@link #executeAsync} runs them on worker threads and always ends at the deadline.
 *
 * <p>Request logging ({@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}) is this class's flag; wire
 * logging ({@code AIGW_LOGGING__ENABLE_LITELLM_LOGGING}) is the providers' ({@code ProviderContext.wireLogging()}),
 * which should redact with {@link Redactor} too. The default scheduler and worker threads are
 * shared daemon threads, so a pipeline needs no closing.
 *
 * <pre>{@code
 * CallPipeline pipeline = CallPipeline.builder()
 *         .interceptors(userInterceptors)
 *         .listeners(userListeners)
 *         .retryPolicy(RetryPolicy.DEFAULTS)
 *         .requestLogging(env.getOrDefault("AIGW_LOGGING__ENABLE_REQUEST_LOGGING", "false").equals("true"))
 *         .build();                                  // system clock, scheduler and worker threads
 * CallContext ctx = CallContext.builder(model).feature("code_generations").prompt(promptPath)
 *         .secret(apiKey).build();
 * Completion c = pipeline.execute(ctx, client, request);
 * StreamHandle h = pipeline.stream(ctx, client, request, listener);
 * }</pre>
 */
public final class CallPipeline {

    private final List<CallInterceptor> interceptors;
    private final List<CallListener> listeners;
    private final RetryPolicy retryPolicy;
    private final Retry retry;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor blockingExecutor;
    private final boolean callerRuns;
    private final boolean requestLogging;
    private final Redactor redactor;

    private CallPipeline(Builder b) {
        this.interceptors = List.copyOf(b.interceptors);
        this.listeners = List.copyOf(b.listeners);
        this.retryPolicy = b.retryPolicy;
        this.retry = RetryStage.retryFor(b.retryPolicy);
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.blockingExecutor = b.blockingExecutor != null ? b.blockingExecutor : DefaultExecutor.INSTANCE;
        this.callerRuns = b.blockingExecutor == null;
        this.requestLogging = b.requestLogging;
        this.redactor = b.redactor;
    }

    /** A builder with no interceptor or listener, default retries, system time and no request logging. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request and waits for the whole answer, retrying as the policy says, within the deadline.
     *
     * @throws DuoException the error that ended the call ({@link CancelledException} if the thread is interrupted)
     */
    public Completion execute(CallContext ctx, ModelClient client, ModelRequest request) {
        // By default the attempts run on this thread, which would only wait for them otherwise: no
        // thread hand-off per call. An executor given to the builder is used as it is (tests drive one).
        CallerRuns runs = callerRuns ? new CallerRuns(blockingExecutor, callerMayRun(ctx, request)) : null;
        CallFuture f = start(ctx, client, request, runs != null ? runs : blockingExecutor);
        try {
            if (runs != null) {
                runs.runUntil(f);
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.handle.cancel();
            throw new CancelledException("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientError ce) {
                throw ce.error();
            }
            throw (DuoException) e.getCause();
        } finally {
            if (runs != null) {
                runs.leave();
            }
        }
    }

    /**
     * Whether the caller's thread may run the next attempt. HTTP clients (OkHttp, the AWS SDK) do not
     * stop on an interrupt: only their own attempt timeout ends a stalled attempt. So an attempt runs on
     * the caller's thread only while that timeout falls within the call's remaining deadline; otherwise
     * it runs on a worker, and the caller leaves at the deadline whatever the attempt does.
     */
    private BooleanSupplier callerMayRun(CallContext ctx, ModelRequest request) {
        Timeouts t;
        try {
            t = ctx.timeouts(request);
        } catch (IllegalArgumentException e) {
            return () -> false;   // run() reports the bad deadline
        }
        long deadline = clock.millis() + t.total().toMillis();
        long attempt = t.attempt().toMillis();
        return () -> deadline - clock.millis() >= attempt;
    }

    /**
     * Sends the request and returns at once; the future completes with the answer or fails with a
     * {@link DuoException}. Cancelling the future cancels the call.
     */
    public CompletableFuture<Completion> executeAsync(CallContext ctx, ModelClient client, ModelRequest request) {
        return start(ctx, client, request, blockingExecutor);
    }

    /**
     * Starts a streamed answer and returns at once: {@code listener} receives chunks, then exactly one
     * of {@code onComplete} / {@code onError}, never overlapping, also after cancel or a deadline.
     *
     * @throws NullPointerException when an argument is null (there is no listener to tell)
     */
    public StreamHandle stream(CallContext ctx, ModelClient client, ModelRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        return run(ctx, client, request, listener, true, blockingExecutor);
    }

    private CallFuture start(CallContext ctx, ModelClient client, ModelRequest request, Executor executor) {
        CallFuture f = new CallFuture();
        f.handle = run(ctx, client, request, f, false, executor);
        return f;
    }

    private StreamHandle run(CallContext ctx, ModelClient client, ModelRequest request, StreamListener listener,
                             boolean streaming, Executor executor) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        SerialListener guard = new SerialListener(listener);
        Timeouts timeouts;
        try {
            timeouts = ctx.timeouts(request);
        } catch (IllegalArgumentException e) {
            guard.tryError(new InvalidConfigException("the call's deadlines are wrong: " + e.getMessage()));
            HandleRef none = new HandleRef();
            none.set(HandleRef.DONE);
            return new GuardHandle(guard, none);
        }
        CallState state = new CallState(ctx, streaming, timeouts, clock, scheduler, redactor.withSecrets(ctx.secrets()));
        ObserverStage observer = new ObserverStage(listeners, state);
        List<CallInterceptor> stages = new ArrayList<>(interceptors.size() + 5);
        stages.add(observer);
        stages.add(Watchdog.overall(state));
        stages.addAll(interceptors);
        stages.add(new LoggingStage(state, requestLogging));
        stages.add(new RetryStage(retry, retryPolicy, state, observer::retrying));
        stages.add(Watchdog.perAttempt(state));
        Chain chain = new Chain(stages, 0, state, request, new ClientCall(client, state, executor));
        HandleRef inner = new HandleRef();
        GuardHandle handle = new GuardHandle(guard, inner);
        inner.set(chain.proceed(request, guard));
        return handle;
    }

    /** The caller's handle: cancelling ends the call at once for the caller, and stops the rest behind it. */
    private static final class GuardHandle implements StreamHandle {
        private final SerialListener guard;
        private final HandleRef inner;

        GuardHandle(SerialListener guard, HandleRef inner) {
            this.guard = guard;
            this.inner = inner;
        }

        @Override
        public void cancel() {
            guard.tryError(new CancelledException("the call was cancelled"));
            inner.cancel();
        }

        @Override
        public boolean isDone() {
            return guard.delivered();
        }
    }

    /** A future fed by the call's terminal signal; cancelling it cancels the call. */
    private static final class CallFuture extends CompletableFuture<Completion> implements StreamListener {
        volatile StreamHandle handle;

        @Override
        public void onChunk(String text) {
        }

        @Override
        public void onComplete(Completion completion) {
            complete(completion);
        }

        @Override
        public void onError(DuoException error) {
            completeExceptionally(error);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean done = super.cancel(mayInterruptIfRunning);
            StreamHandle h = handle;
            if (h != null) {
                h.cancel();
            }
            return done;
        }

        @Override
        public Completion get() throws InterruptedException, ExecutionException {
            try {
                return super.get();
            } catch (CancellationException e) {
                throw new ExecutionException(new CancelledException("the call was cancelled"));
            }
        }
    }

    /** Daemon worker threads for blocking attempts, created as needed. */
    private static final class DefaultExecutor {
        static final ExecutorService INSTANCE;

        static {
            AtomicInteger n = new AtomicInteger();
            INSTANCE = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "duo-call-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Builds a {@link CallPipeline}. */
    public static final class Builder {
        private final List<CallInterceptor> interceptors = new ArrayList<>();
        private final List<CallListener> listeners = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler = Scheduler.system();
        private Executor blockingExecutor;
        private boolean requestLogging;
        private Redactor redactor = Redactor.PATTERNS_ONLY;

        private Builder() {
        }

        /** Users' interceptors, outermost first. */
        public Builder interceptors(List<CallInterceptor> list) {
            list.forEach(i -> interceptors.add(Objects.requireNonNull(i, "interceptor")));
            return this;
        }

        /** Users' listeners, called in order. */
        public Builder listeners(List<CallListener> list) {
            list.forEach(l -> listeners.add(Objects.requireNonNull(l, "listener")));
            return this;
        }

        /** The retry policy. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** The clock deadlines and latencies are measured on. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where retry waits, deadlines and idle checks are scheduled. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Where blocking attempts run. By default {@link #execute} runs them on the caller's thread
         * (interrupted at a deadline) and {@link #executeAsync} on shared daemon threads; with an
         * executor given here, both use it.
         */
        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Log request and response bodies (redacted): {@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}. */
        public Builder requestLogging(boolean on) {
            this.requestLogging = on;
            return this;
        }

        /** Secrets known to every call (each call adds its context's own). */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** Builds. */
        public CallPipeline build() {
            return new CallPipeline(this);
        }
    }
}
