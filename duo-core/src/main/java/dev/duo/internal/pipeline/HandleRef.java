package dev.duo.internal.pipeline;

import dev.duo.StreamHandle;

/**
 * The handle of what a stage started, set once it is known; a cancel that comes first (from a timer
 * on another thread) is applied when it arrives.
 */
final class HandleRef {

    /** A handle of something already over. */
    static final StreamHandle DONE = new StreamHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };

    private volatile StreamHandle handle;
    private volatile boolean cancelled;

    void set(StreamHandle h) {
        StreamHandle actual = h == null ? DONE : h;
        handle = actual;
        if (cancelled) {
            actual.cancel();
        }
    }

    void cancel() {
        cancelled = true;
        StreamHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }
}
