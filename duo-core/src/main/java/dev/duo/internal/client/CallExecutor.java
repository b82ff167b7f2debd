package dev.duo.internal.client;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.ModelRequest;

/** Carries out a request for a resolved feature: the seam where the call pipeline plugs in. */
public interface CallExecutor {

    /** A blocking call. */
    Completion execute(ResolvedFeature feature, ModelRequest request);

    /** A streaming call. */
    StreamHandle stream(ResolvedFeature feature, ModelRequest request, StreamListener listener);

    /** Delivers {@code error} as the only signal of a stream that could not start. */
    static StreamHandle failed(StreamListener listener, DuoException error) {
        listener.onError(error);
        return new StreamHandle() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }
}
