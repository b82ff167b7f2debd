package dev.duo.opentelemetry.internal;

import dev.duo.spi.ModelRequest;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open span of each call in flight, found by the identity of the request the SDK's listener
 * stage saw: every event of one call carries that same request object, and the interceptors the
 * stage calls next receive it too. Two equal requests of two calls are still two calls, hence
 * identity. Entries leave at the call's terminal event; the map is capped so that a pipeline that
 * never delivered one cannot grow it without bound.
 */
public final class CallSpans {

    /** The most calls tracked at once. */
    public static final int MAX_IN_FLIGHT = 100_000;

    private final ConcurrentHashMap<Key, Span> spans = new ConcurrentHashMap<>();

    /** Tracks the span of the call sending {@code request}; false (not tracked) when too many are open. */
    public boolean put(ModelRequest request, Span span) {
        if (spans.size() >= MAX_IN_FLIGHT) {
            return false;
        }
        spans.put(new Key(request), span);
        return true;
    }

    /** The span of the call sending {@code request}, or null. */
    public Span get(ModelRequest request) {
        return spans.get(new Key(request));
    }

    /** Stops tracking, returning the span or null. */
    public Span remove(ModelRequest request) {
        return spans.remove(new Key(request));
    }

    /** Calls tracked now. */
    public int size() {
        return spans.size();
    }

    private static final class Key {
        private final ModelRequest request;

        Key(ModelRequest request) {
            this.request = request;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.request == request;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }
}
