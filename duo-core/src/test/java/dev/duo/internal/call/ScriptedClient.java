package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model client on virtual time that behaves as the bundled providers do where it matters here:
 * a stalled attempt ends only when its {@link Attempt} is cancelled (like an OkHttp call, it does
 * not notice interrupts), each attempt takes the next step of a script, and streams deliver their
 * chunks 10 virtual ms apart on "the HTTP client's thread" (the virtual time's ready queue).
 */
final class ScriptedClient implements ModelClient {

    /** What one attempt does. */
    sealed interface Step permits Answer, Fail, Stall, StallAfter, DropAfter {
    }

    /** Answers this text (streams: one chunk per word). */
    record Answer(String text) implements Step {
    }

    /** Fails at once with this error. */
    record Fail(DuoException error) implements Step {
    }

    /** Never answers: ends when the attempt is cancelled. */
    record Stall() implements Step {
    }

    /** Streams: sends this many chunks, then goes silent. */
    record StallAfter(int chunks) implements Step {
    }

    /** Streams: sends this many chunks, then the connection drops. */
    record DropAfter(int chunks) implements Step {
    }

    private final VirtualTime vt;
    private final Deque<Step> script = new ArrayDeque<>();
    private final String defaultText;
    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final AtomicInteger openStreams = new AtomicInteger();

    ScriptedClient(VirtualTime vt, String defaultText, Step... steps) {
        this.vt = vt;
        this.defaultText = defaultText;
        script.addAll(List.of(steps));
    }

    private synchronized Step next() {
        Step s = script.pollFirst();
        return s != null ? s : new Answer(defaultText);
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        requests.add(request);
        threads.add(Thread.currentThread());
        attempts.add(attempt);
        Step s = next();
        if (s instanceof Answer a) {
            return completion(a.text());
        }
        if (s instanceof Fail f) {
            throw f.error();
        }
        // stalled: only a cancel of the attempt ends it (time runs on meanwhile)
        while (!attempt.isCancelled()) {
            if (!vt.step()) {
                throw new IllegalStateException("a stalled attempt that nothing will ever cancel");
            }
        }
        throw aborted();
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        requests.add(request);
        attempts.add(attempt);
        CompletableFuture<Completion> f = new CompletableFuture<>();
        Step s = next();
        attempt.onCancel(() -> f.completeExceptionally(aborted()));
        vt.post(() -> {
            if (s instanceof Answer a) {
                f.complete(completion(a.text()));
            } else if (s instanceof Fail fail) {
                f.completeExceptionally(fail.error());
            }
            // a stall completes only through the cancel hook
        });
        return f;
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        requests.add(request);
        attempts.add(attempt);
        Step s = next();
        openStreams.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                openStreams.decrementAndGet();
            }
        };
        StreamHandle handle = new StreamHandle() {
            @Override
            public void cancel() {
                if (!ended.get()) {
                    end.run();
                    listener.onError(new CancelledException("cancelled"));
                }
            }

            @Override
            public boolean isDone() {
                return ended.get();
            }
        };
        if (s instanceof Fail f) {
            vt.post(() -> {
                if (!ended.get()) {
                    end.run();
                    listener.onError(f.error());
                }
            });
            return handle;
        }
        String text = s instanceof Answer a ? a.text() : defaultText;
        List<String> words = words(text);
        int send = s instanceof StallAfter sa ? Math.min(sa.chunks(), words.size())
                : s instanceof DropAfter d ? Math.min(d.chunks(), words.size()) : s instanceof Stall ? 0 : words.size();
        var sched = vt.scheduler();
        for (int i = 0; i < send; i++) {
            String w = words.get(i);
            sched.schedule(() -> {
                if (!ended.get()) {
                    listener.onChunk(w);
                }
            }, Duration.ofMillis(10L * (i + 1)));
        }
        if (s instanceof Answer || s instanceof DropAfter) {
            sched.schedule(() -> {
                if (ended.get()) {
                    return;
                }
                end.run();
                if (s instanceof Answer a) {
                    listener.onComplete(completion(a.text()));
                } else {
                    listener.onError(new ProviderUnavailableException("the connection dropped mid-answer"));
                }
            }, Duration.ofMillis(10L * (send + 1)));
        }
        return handle;
    }

    /** The threads that made attempts through {@link #streamHere}. */
    final List<Thread> hereThreads = new CopyOnWriteArrayList<>();

    /** As a client that reads on the calling thread: runs the stream's virtual time here until it ended. */
    @Override
    public StreamHandle streamHere(ModelRequest request, Attempt attempt, StreamListener listener) {
        hereThreads.add(Thread.currentThread());
        StreamHandle h = stream(request, attempt, listener);
        while (!h.isDone() && !attempt.isCancelled()) {
            if (!vt.step()) {
                throw new IllegalStateException("a stream read here that nothing will ever end");
            }
        }
        return h;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(from, i + 1));
                from = i + 1;
            }
        }
        if (from < text.length()) {
            out.add(text.substring(from));
        }
        return out;
    }

    private static Completion completion(String text) {
        return Completion.builder().text(text).finishReason(FinishReason.STOP).usage(new Usage(3, 2)).build();
    }

    private static DuoException aborted() {
        // what OkHttp's Call.cancel() surfaces as, mapped by a provider
        return new ProviderUnavailableException("the connection failed (Canceled)");
    }

    @Override
    public void close() {
    }
}
