package dev.duo.internal.pipeline;

import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.pipeline.CallContext;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Objects;

/**
 * One position in the interceptor list. An interceptor that throws ends the call with that error
 * (wrapped when it is not a {@link DuoException}) and cancels whatever it had started.
 */
final class Chain implements CallInterceptor.Chain {

    /** The end of the chain: the model client. */
    interface Terminal {
        StreamHandle start(ModelRequest request, StreamListener listener);
    }

    private final List<CallInterceptor> interceptors;
    private final int index;
    private final CallState state;
    private final ModelRequest request;
    private final Terminal terminal;
    private final HandleRef started = new HandleRef();

    Chain(List<CallInterceptor> interceptors, int index, CallState state, ModelRequest request, Terminal terminal) {
        this.interceptors = interceptors;
        this.index = index;
        this.state = state;
        this.request = request;
        this.terminal = terminal;
    }

    @Override
    public CallContext context() {
        return state.context;
    }

    @Override
    public ModelRequest request() {
        return request;
    }

    @Override
    public boolean streaming() {
        return state.streaming;
    }

    @Override
    public StreamHandle proceed(ModelRequest next, StreamListener listener) {
        Objects.requireNonNull(next, "request");
        Objects.requireNonNull(listener, "listener");
        StreamHandle h;
        if (index == interceptors.size()) {
            h = terminal.start(next, listener);
        } else {
            CallInterceptor interceptor = interceptors.get(index);
            Chain rest = new Chain(interceptors, index + 1, state, next, terminal);
            try {
                h = interceptor.intercept(rest, listener);
            } catch (RuntimeException e) {
                rest.started.cancel();
                listener.onError(e instanceof DuoException d ? d
                        : new DuoException("the call interceptor " + interceptor.getClass().getName() + " failed with "
                        + e.getClass().getName(), e, false, state.errorContext()));
                return HandleRef.DONE;
            }
        }
        started.set(h);
        return h == null ? HandleRef.DONE : h;
    }
}
