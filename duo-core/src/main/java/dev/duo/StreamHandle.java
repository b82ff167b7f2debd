package dev.duo;

/**
 * Controls a stream in flight. Cancelling ends the stream with a
 * {@link CancelledException} delivered to the listener (unless it had already ended).
 *
 * <pre>{@code
 * StreamHandle h = client.stream(inputs, listener);
 * userClosedTab(() -> h.cancel());
 * }</pre>
 */
public interface StreamHandle {

    /** Cancels the stream; idempotent, safe from any thread, a no-op once the stream has ended. */
    void cancel();

    /** True once the listener has received its terminal signal. */
    boolean isDone();
}
