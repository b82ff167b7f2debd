package dev.duo.internal.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidResponseException;
import dev.duo.admin.Provenance;
import dev.duo.StreamListener;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's edge of one call, and its only guard: exactly one terminal signal gets through (the
 * first offered, from whichever thread), nothing after it, signals are delivered one at a time and
 * in order (a queue drained by whichever thread gets there first, so a listener that cancels from
 * inside {@code onChunk} does not receive {@code onError} nested inside it), and an exception the
 * caller's listener throws is logged, not propagated. Events carry the context of the model the call
 * is on (after a fallback, the fallback's) and the request the call started with, the same object in
 * every event of one call (listeners key their per-call state by it). The {@link CallListener} events and the
 * end-of-call log line are fired here, by the thread whose terminal won, before the caller hears of it.
 */
final class Edge implements StreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);

    private final RealCall call;
    private final StreamListener target;
    // Plain fields behind VarHandles, not atomic objects: three objects fewer per call. The queue is
    // made by the first signal offered while another is being delivered (a blocking call never needs one).
    private volatile Queue<Object> queue;
    private volatile int wip;
    private volatile boolean terminated;
    private static final VarHandle QUEUE = VarHandles.field(MethodHandles.lookup(), Edge.class, "queue", Queue.class);
    private static final VarHandle WIP = VarHandles.field(MethodHandles.lookup(), Edge.class, "wip", int.class);
    private static final VarHandle TERMINATED = VarHandles.field(MethodHandles.lookup(), Edge.class, "terminated",
            boolean.class);
    private volatile boolean firstChunkSeen;
    private volatile Duration timeToFirstToken;
    private volatile boolean delivered;

    Edge(RealCall call, StreamListener target) {
        this.call = call;
        this.target = target;
    }

    @Override
    public void onChunk(String text) {
        if (text == null || text.isEmpty() || terminated) {
            return;
        }
        if (!firstChunkSeen) {
            firstChunkSeen = true;
            timeToFirstToken = call.elapsed();
            if (!call.runtime.listeners.isEmpty()) {   // no event built for no one
                fire(CallListener::onFirstToken, event().build());
            }
        }
        enqueue(text);
    }

    @Override
    public void onComplete(Completion completion) {
        if (completion == null) {
            error(new InvalidResponseException("the model client completed without a completion"));
        } else if (TERMINATED.compareAndSet(this, false, true)) {
            Completion c = withProvenance(completion);
            call.ended();
            CallLog.response(call, c);
            if (!call.runtime.listeners.isEmpty()) {
                fire(CallListener::onResponse, event().completion(c).latency(call.elapsed()).build());
            }
            enqueue(c);
        }
    }

    @Override
    public void onError(DuoException error) {
        error(error);
    }

    /** Offers a terminal error; true when it is the one that ends the call. */
    boolean error(DuoException error) {
        DuoException e = error != null ? error : new DuoException("the model client failed without an error");
        if (!TERMINATED.compareAndSet(this, false, true)) {
            return false;
        }
        call.ended();
        CallLog.failure(call, e);
        if (!call.runtime.listeners.isEmpty()) {
            fire(CallListener::onError, event().error(e).latency(call.elapsed()).build());
        }
        enqueue(e);
        return true;
    }

    /** The call's listeners hear of a retry (before its wait). */
    void retrying(DuoException error) {
        if (!call.runtime.listeners.isEmpty()) {   // no event built for no one
            fire(CallListener::onRetry, event().error(error).latency(call.elapsed()).build());
        }
    }

    /** The call's listeners hear of its start. */
    void started() {
        if (!call.runtime.listeners.isEmpty()) {   // no event built for no one
            fire(CallListener::onRequest, event().build());
        }
    }

    /** True once a chunk was let through to the caller (a stream then never moves to another model). */
    boolean sawChunk() {
        return firstChunkSeen;
    }

    /** True once a terminal signal was accepted (it may still be on its way). */
    boolean terminated() {
        return terminated;
    }

    /** True once the caller's listener has received its terminal signal. */
    boolean delivered() {
        return delivered;
    }

    private CallEvent.Builder event() {
        return CallEvent.builder(call.context(), call.route.first).streaming(call.streaming()).attempts(call.attempts())
                .timeToFirstToken(timeToFirstToken);
    }

    private void fire(BiConsumer<CallListener, CallEvent> method, CallEvent event) {
        for (CallListener l : call.runtime.listeners) {
            try {
                method.accept(l, event);
            } catch (RuntimeException e) {
                LOG.warn("The call listener {} threw {}; the call goes on", l.getClass().getName(),
                        e.getClass().getName(), e);
            }
        }
    }

    // A feature call says what served it; a raw model call (no feature or prompt) has no provenance.
    private Completion withProvenance(Completion c) {
        var ctx = call.context();
        if (c.provenance().isPresent() || ctx.feature().isEmpty() || ctx.prompt().isEmpty()) {
            return c;
        }
        return c.toBuilder().provenance(new Provenance(ctx.feature().get(), ctx.model().name(),
                ctx.model().family().id(), ctx.model().platform(), ctx.prompt().get())).build();
    }

    private void enqueue(Object signal) {
        int missed;
        if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
            // No one delivering (a blocking call's one signal, most chunks): at once, without a queue
            // node; whatever was offered meanwhile (a cancel from inside onChunk too) is drained after it.
            // (A signal whose offer is still between queue.add and the increment may come after this
            // one: the two offers were concurrent, so neither order was promised.)
            deliver(signal);
            missed = (int) WIP.getAndAdd(this, -1) - 1;
            if (missed == 0) {
                return;
            }
        } else {
            queue().add(signal);
            if ((int) WIP.getAndAdd(this, 1) != 0) {
                return;
            }
            missed = 1;
        }
        do {
            // made before wip was raised by whoever queued a signal, so it is there to drain
            Queue<Object> q = queue;
            Object s;
            while (q != null && (s = q.poll()) != null) {
                deliver(s);
            }
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
        } while (missed != 0);
    }

    private Queue<Object> queue() {
        Queue<Object> q = queue;
        if (q == null) {
            q = new ConcurrentLinkedQueue<>();
            if (!QUEUE.compareAndSet(this, null, q)) {
                q = queue;
            }
        }
        return q;
    }

    private void deliver(Object signal) {
        if (delivered) {
            return;
        }
        try {
            if (signal instanceof String chunk) {
                target.onChunk(chunk);
            } else if (signal instanceof Completion c) {
                delivered = true;
                target.onComplete(c);
            } else {
                delivered = true;
                target.onError((DuoException) signal);
            }
        } catch (RuntimeException e) {
            LOG.warn("A stream listener threw {} while receiving {}; the call goes on", e.getClass().getName(),
                    signal instanceof String ? "a chunk" : "the end of the call", e);
        }
    }
}
