package dev.duo.call;

import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.ModelRequest;

/**
 * Wraps every call, blocking and streaming alike. A call is always seen as a stream: chunks, then
 * exactly one of {@code onComplete} or {@code onError}. A blocking call is the same stream without
 * chunks, collected at the end, so one interceptor serves both.
 *
 * <p>An interceptor usually calls {@link Chain#proceed} once, possibly with a changed request and a
 * listener that wraps {@code listener}, and returns the handle it got. It may also answer by itself
 * (deliver a terminal signal to {@code listener} and return a handle) without proceeding. Signals may
 * arrive on any thread, but never overlap for one call. Users' interceptors are the only chain:
 * they wrap the call's attempt loop (retries, deadlines, request logging happen further in, in the
 * call object itself), once per call; the {@link CallListener}s hear of the call outside them. A
 * blocking call runs its interceptors on the caller's thread.
 *
 * <pre>{@code
 * // every call of this service runs at temperature 0
 * CallInterceptor deterministic = (chain, listener) -> {
 *     ModelRequest r = chain.request();
 *     ModelParams p = r.params().toBuilder().temperature(0).build();
 *     return chain.proceed(r.toBuilder().params(p).build(), listener);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CallInterceptor {

    /**
     * Handles one call.
     *
     * @param chain the call so far, and the way on to the model
     * @param listener where this call's chunks and terminal signal go
     * @return a handle that cancels what this interceptor started
     */
    StreamHandle intercept(Chain chain, StreamListener listener);

    /** The rest of the pipeline, as seen from one interceptor. */
    interface Chain {

        /** Which feature, model and prompt this call serves, and its deadlines. */
        CallContext context();

        /** The request as it reached this interceptor. */
        ModelRequest request();

        /** True for a streamed call, false for a blocking one (which delivers no chunks). */
        boolean streaming();

        /**
         * Passes the call on to the next interceptor (or the model).
         *
         * @param request the request to send on, usually {@link #request()}
         * @param listener receives the chunks and terminal signal of what follows
         * @return a handle that cancels what follows
         */
        StreamHandle proceed(ModelRequest request, StreamListener listener);
    }
}
