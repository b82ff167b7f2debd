package dev.duo.internal.call;

import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.call.CallContext;
import dev.duo.call.CallInterceptor;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Objects;

/**
 * One position in the users' interceptor list for one leg of a call; the end of the list is the
 * leg's attempt loop. Interceptors wrap each model's attempts once: a call that falls back runs the
 * chain again for the fallback model, with that model's context and request.
 */
final class Link implements CallInterceptor.Chain {

    private final RealCall call;
    private final Leg leg;
    private final int index;
    private final ModelRequest at;
    private volatile boolean proceeded;

    Link(RealCall call, Leg leg, int index, ModelRequest at) {
        this.call = call;
        this.leg = leg;
        this.index = index;
        this.at = at;
    }

    @Override
    public CallContext context() {
        return leg.context;
    }

    @Override
    public ModelRequest request() {
        return at;
    }

    @Override
    public boolean streaming() {
        return call.streaming();
    }

    @Override
    public StreamHandle proceed(ModelRequest next, StreamListener listener) {
        Objects.requireNonNull(next, "request");
        Objects.requireNonNull(listener, "listener");
        proceeded = true;
        List<CallInterceptor> list = call.runtime.interceptors;
        if (index == list.size()) {
            return call.attempts(leg, next, listener);
        }
        CallInterceptor interceptor = list.get(index);
        Link rest = new Link(call, leg, index + 1, next);
        try {
            StreamHandle h = interceptor.intercept(rest, listener);
            return h == null ? call : h;
        } catch (RuntimeException e) {
            if (rest.proceeded) {
                call.halt();
            }
            listener.onError(call.wrap(e, "the call interceptor " + interceptor.getClass().getName()));
            return call;
        }
    }
}
