package dev.duo.internal.client;

import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stream that could not start: its only signal is the error, delivered at once. */
final class FailedStream implements StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(FailedStream.class);

    private FailedStream() {
    }

    static StreamHandle deliver(StreamListener listener, DuoException error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("a stream listener threw from onError: {}", e.toString());
        }
        return new FailedStream();
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean isDone() {
        return true;
    }
}
