package dev.duo.internal.client;

import dev.duo.Completion;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.ModelRequest;

/** Calls the model client directly, one attempt. */
public final class DirectExecutor implements CallExecutor {

    @Override
    public Completion execute(ResolvedFeature feature, ModelRequest request) {
        return feature.client().complete(request);
    }

    @Override
    public StreamHandle stream(ResolvedFeature feature, ModelRequest request, StreamListener listener) {
        return feature.client().stream(request, listener);
    }
}
