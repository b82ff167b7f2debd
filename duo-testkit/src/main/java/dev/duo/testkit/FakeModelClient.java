package dev.duo.testkit;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.FinishReason;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.feature.FeatureRegistry;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.internal.fake.Chunks;
import dev.duo.testkit.internal.fake.FaultErrors;
import dev.duo.testkit.internal.fake.Matchers;
import dev.duo.testkit.internal.fake.AnswerScript;
import dev.duo.testkit.internal.fake.FakeStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ModelClient} for tests: answers from scripted rules ({@link #when}: per feature or per
 * matching request, newest rule first), then a queue of scripted {@link Answer}s, then a default
 * answer if the test opted in to one ({@link #defaultAnswer(String)}). A call nothing answers fails
 * the test with an {@link AssertionError} naming the feature called and the features scripted
 * (thrown to the caller, and again by {@link #assertNoUnscriptedCalls()}, which {@code @DuoTest}
 * runs after each test, in case the code under test swallowed it). Features are named by key or
 * alias; a name that no feature has fails at once with the SDK's "did you mean". Records every
 * request (with assertions from {@link CallLog}); and injects the faults of a {@link FaultPlan}, one
 * drawn per call, failing as a real provider client would: 429 as a rate limit with its retry-after, 5xx and resets
 * as unavailable, 4xx as the matching non-retryable error, a stall as silence until cancelled, a
 * stalled or dropped body after some chunks. A fault does not use up a scripted answer, so a retry
 * gets it. Streams run on another thread, as real ones do (an executor you can replace for
 * deterministic tests). Thread-safe.
 *
 * <pre>{@code
 * FakeModelClient fake = FakeModelClient.builder()
 *         .faultPlan(FaultPlan.builder().next(Fault.status(503)).build())
 *         .build();
 * fake.whenFeature("code_generation").thenAnswer("def add(a, b): return a + b");   // the alias works
 * fake.enqueue(FakeModelClient.Answer.text("def add(a, b): return a + b").usage(12, 9));   // or any feature
 * Completion c = fake.complete(request, Attempt.of(Timeouts.DEFAULTS));    // throws ProviderUnavailableException, then answers
 * assertThat(fake.requests()).hasSize(1);
 *
 * fake.whenFeature("generate_commit_message").thenAnswer("Fix the README link");
 * fake.when(RequestMatcher.userMessageContains("CSV")).thenAnswer(Answer.text("def parse(): ...").chunkSize(4));
 * fake.assertCalled("generate_commit_message").assertUserMessageContains("README.md");
 * }</pre>
 */
public final class FakeModelClient implements ModelClient, CallLog {

    /** Waits during a blocking stall; must return or throw once the thread is interrupted. */
    @FunctionalInterface
    public interface Sleeper {
        /** Blocks for {@code d} (or until interrupted). */
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Sleeper REAL_TIME = d -> Thread.sleep(Math.max(1, d.toMillis()));

    private final AnswerScript<Answer> script;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<FakeStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final FeatureRegistry features;
    private volatile FaultPlan faultPlan;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final Sleeper sleeper;
    private final String provider;
    private final String model;
    private volatile boolean closed;

    private FakeModelClient(Builder b) {
        this.script = new AnswerScript<>(b.defaultAnswer);
        this.features = b.features;
        this.faultPlan = b.faultPlan;
        this.sleeper = b.sleeper;
        this.provider = b.provider;
        this.model = b.model;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-model-client");
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        }
    }

    /** A builder: no default answer (an unscripted call fails the test), no faults, streams on its own daemon threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fake that answers {@code text} to every call not otherwise scripted (an explicit default answer). */
    public static FakeModelClient answering(String text) {
        return builder().defaultAnswer(Answer.text(text)).build();
    }

    /**
     * Replaces the fault plan from the next call on (the way to inject faults into the fake a
     * {@code @DuoTest} hands you).
     */
    public FakeModelClient faultPlan(FaultPlan plan) {
        this.faultPlan = Objects.requireNonNull(plan, "plan");
        return this;
    }

    /**
     * Opts in to answering every call that no rule and no queued answer serves with {@code answer}
     * (without it, such a call fails the test). Prefer scripting the features the test is about.
     */
    public FakeModelClient defaultAnswer(Answer answer) {
        script.defaultAnswer(answer);
        return this;
    }

    /** Opts in to answering every otherwise unscripted call with this text. */
    public FakeModelClient defaultAnswer(String text) {
        return defaultAnswer(Answer.text(text));
    }

    /** Queues an answer for a coming call of any feature (after those already queued). */
    public FakeModelClient enqueue(Answer answer) {
        script.enqueue(answer);
        return this;
    }

    /** Queues a plain text answer. */
    public FakeModelClient enqueue(String text) {
        return enqueue(Answer.text(text));
    }

    /**
     * Scripts answers for requests that match: {@code fake.when(m).thenAnswer(...)}. Rules are tried
     * newest first, before the queue and the default answer.
     *
     * @throws dev.duo.UnknownFeatureException when the matcher names a feature that {@link #features()} lacks
     */
    public Stubbing when(RequestMatcher matcher) {
        return new Stubbing(Matchers.bind(Objects.requireNonNull(matcher, "matcher"), features()));
    }

    /**
     * Scripts answers for one feature, by key or alias: {@code fake.whenFeature("duo_chat").thenAnswer("Hi")}.
     *
     * @throws dev.duo.UnknownFeatureException when no feature has that key or alias, with the closest names
     */
    public Stubbing whenFeature(String feature) {
        return when(RequestMatcher.feature(feature));
    }

    /** Every request received, in order, faulted ones included. */
    @Override
    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** The last request received. */
    public Optional<ModelRequest> lastRequest() {
        List<ModelRequest> all = requests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Streams started and not yet ended (a test that leaks a stream leaves this above zero). */
    public int openStreams() {
        return open.size();
    }

    /**
     * The features whose keys and aliases this fake resolves: the builder's, else its {@code
     * DuoClient}'s when wired by {@link TestClients} or {@code @DuoTest}, else the bundled ones.
     */
    @Override
    public FeatureRegistry features() {
        return features != null ? features : CallLog.super.features();
    }

    /**
     * Fails if a call found no answer (the first such failure again, even if the code under test
     * caught it); {@code @DuoTest} runs this after each test.
     *
     * @throws AssertionError naming the feature called and the features scripted
     */
    public void assertNoUnscriptedCalls() {
        script.assertNoUnscriptedCalls();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        ErrorContext ctx = begin(request);
        Optional<Fault> fault = faultPlan.next();
        if (fault.isPresent()) {
            Fault f = fault.get();
            Duration stall = f instanceof Fault.Stall s ? s.duration() : f instanceof Fault.StallBody sb ? sb.duration() : null;
            if (stall == null) {
                throw FaultErrors.errorFor(f, ctx);
            }
            stallFor(stall, attempt, ctx);
            throw new DuoTimeoutException("the fake stalled for " + stall.toMillis() + " ms and gave up", null, ctx);
        }
        return answerFor(request, true).toCompletion(ctx);
    }

    /**
     * Stalls as a server that never answers does; cancelling the attempt ends the stall at once, as
     * aborting an HTTP call does (its own interrupt is taken back, so it never leaks into the caller).
     */
    private void stallFor(Duration stall, Attempt attempt, ErrorContext ctx) {
        if (sleeper == REAL_TIME) {
            // Real time: wait on a latch the cancel opens, so no interrupt of ours is ever in flight.
            java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
            attempt.onCancel(cancelled::countDown);
            try {
                if (cancelled.await(Math.max(1, stall.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new CancelledException("the call was cancelled while the fake stalled", null, ctx);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("the call was cancelled while the fake stalled", e, ctx);
            }
            return;
        }
        Thread me = Thread.currentThread();
        Object lock = new Object();
        boolean[] state = {true, false};   // inside the stall, cancelled by the attempt
        attempt.onCancel(() -> {
            synchronized (lock) {
                if (state[0]) {
                    state[1] = true;
                    me.interrupt();
                }
            }
        });
        try {
            sleeper.sleep(stall);
        } catch (InterruptedException e) {
            boolean byAttempt;
            synchronized (lock) {
                state[0] = false;
                byAttempt = state[1];
            }
            if (!byAttempt) {
                Thread.currentThread().interrupt();
            }
            throw new CancelledException("the call was cancelled while the fake stalled", e, ctx);
        } finally {
            synchronized (lock) {
                state[0] = false;
                if (state[1]) {
                    Thread.interrupted();
                }
            }
        }
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        Objects.requireNonNull(request, "request");
        return CompletableFuture.supplyAsync(() -> {
            if (attempt.isCancelled()) {
                // cancelled before it ran: like an HTTP call cancelled before it was sent
                throw new CancelledException("the call was cancelled before it was sent");
            }
            return complete(request, attempt);
        }, executor);
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(attempt, "attempt");
        ErrorContext ctx = begin(request);
        Fault fault = faultPlan.next().orElse(null);
        // A faulted stream needs no answer unless the fault lets chunks through first.
        Answer a = fault == null ? answerFor(request, true) : script.peek(request, Answer.text(""));
        Completion completion = a.toCompletion(ctx);
        FakeStream[] self = new FakeStream[1];
        self[0] = new FakeStream(listener, a.chunks(), completion, fault, executor, ctx, () -> open.remove(self[0]));
        open.add(self[0]);
        return self[0].start();
    }

    @Override
    public void close() {
        closed = true;
        for (FakeStream s : open) {
            s.fail(new ProviderUnavailableException("the model client was closed"));
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    private ErrorContext begin(ModelRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("the fake model client is closed");
        }
        requests.add(request);
        return ErrorContext.builder().provider(provider).model(model).requestId("fake-" + ids.incrementAndGet()).build();
    }

    // A faulted call peeks (consume = false), so the retry gets the same answer.
    private Answer answerFor(ModelRequest request, boolean consume) {
        return script.answer(request, consume, requests.size());
    }

    /** The second half of {@link #when}: what matching requests get. */
    public final class Stubbing {
        private final RequestMatcher matcher;

        private Stubbing(RequestMatcher matcher) {
            this.matcher = matcher;
        }

        /** Matching requests get these answers in order, the last one from then on. */
        public FakeModelClient thenAnswer(Answer first, Answer... more) {
            List<Answer> all = new ArrayList<>();
            all.add(Objects.requireNonNull(first, "first"));
            all.addAll(List.of(more));
            script.rule(matcher, all);
            return FakeModelClient.this;
        }

        /** Matching requests get these texts in order, the last one from then on. */
        public FakeModelClient thenAnswer(String first, String... more) {
            Answer[] rest = new Answer[more.length];
            for (int i = 0; i < more.length; i++) {
                rest[i] = Answer.text(more[i]);
            }
            return thenAnswer(Answer.text(first), rest);
        }
    }


    /**
     * A scripted answer: text, the chunks it streams as (by default, split after each space),
     * finish reason, usage and request id.
     *
     * <pre>{@code
     * Answer a = Answer.text("Hello world").chunks("Hel", "lo world").finishReason(FinishReason.LENGTH).usage(5, 2);
     * }</pre>
     */
    public static final class Answer {
        private final String text;
        private final List<String> chunks;
        private final FinishReason finishReason;
        private final Usage usage;
        private final String requestId;

        private Answer(String text, List<String> chunks, FinishReason finishReason, Usage usage, String requestId) {
            this.text = Objects.requireNonNull(text, "text");
            this.chunks = chunks;
            this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
            this.usage = Objects.requireNonNull(usage, "usage");
            this.requestId = requestId;
        }

        /** An answer of this text, finishing with STOP, usage unknown. */
        public static Answer text(String text) {
            return new Answer(text, null, FinishReason.STOP, Usage.UNKNOWN, null);
        }

        /** Streams as these chunks; the text becomes their concatenation. */
        public Answer chunks(String... parts) {
            List<String> list = List.of(parts);
            return new Answer(String.join("", list), list, finishReason, usage, requestId);
        }

        /** Streams as chunks of at most {@code size} characters (the last may be shorter). */
        public Answer chunkSize(int size) {
            return new Answer(text, Chunks.ofSize(text, size), finishReason, usage, requestId);
        }

        /** Finishes with this reason. */
        public Answer finishReason(FinishReason reason) {
            return new Answer(text, chunks, reason, usage, requestId);
        }

        /** Reports this usage. */
        public Answer usage(long inputTokens, long outputTokens) {
            return new Answer(text, chunks, finishReason, new Usage(inputTokens, outputTokens), requestId);
        }

        /** Reports this request id (by default {@code fake-<n>}). */
        public Answer requestId(String id) {
            return new Answer(text, chunks, finishReason, usage, id);
        }

        /** The text. */
        public String text() {
            return text;
        }

        /** The chunks a stream sends. */
        public List<String> chunks() {
            if (chunks != null) {
                return chunks;
            }
            return Chunks.afterSpaces(text);
        }

        Completion toCompletion(ErrorContext ctx) {
            return Completion.builder().text(text).finishReason(finishReason).usage(usage)
                    .requestId(requestId != null ? requestId : ctx.requestId().orElse(null)).build();
        }
    }

    /** Builds a {@link FakeModelClient}. */
    public static final class Builder {
        private Answer defaultAnswer;
        private FeatureRegistry features;
        private FaultPlan faultPlan = FaultPlan.none();
        private Executor executor;
        private Sleeper sleeper = REAL_TIME;
        private String provider = "fake";
        private String model = "fake-model";

        private Builder() {
        }

        /** Opts in to an answer for calls no rule or queued answer serves (default: none, such a call fails). */
        public Builder defaultAnswer(Answer answer) {
            this.defaultAnswer = Objects.requireNonNull(answer, "answer");
            return this;
        }

        /** The features whose keys and aliases the fake resolves (default: the bundled ones). */
        public Builder features(FeatureRegistry features) {
            this.features = Objects.requireNonNull(features, "features");
            return this;
        }

        /** The faults to inject, one drawn per call. */
        public Builder faultPlan(FaultPlan plan) {
            this.faultPlan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /**
         * Each call fails with probability {@code rate} with one of {@code faults}, drawn from a
         * random seeded with {@code seed} (same seed, same run): short for {@code
         * faultPlan(FaultPlan.builder().thenRandomly(rate, seed, faults).build())}.
         */
        public Builder randomFaults(double rate, long seed, Fault... faults) {
            this.faultPlan = FaultPlan.builder().thenRandomly(rate, seed, faults).build();
            return this;
        }

        /** Where streams run (a deterministic executor for virtual-time tests); default: own daemon threads. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How a blocking stall waits; default: real sleep, ended by interruption. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The provider id errors name; default {@code fake}. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The model name errors name; default {@code fake-model}. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Builds. */
        public FakeModelClient build() {
            return new FakeModelClient(this);
        }
    }
}
