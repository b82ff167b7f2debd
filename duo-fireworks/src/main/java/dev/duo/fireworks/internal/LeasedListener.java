package dev.duo.fireworks.internal;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import dev.duo.spi.ReplicaSet;

/**
 * A stream's listener that ends the stream's replica lease on the terminal signal, before passing it
 * on: the replica's state is up to date when the runtime starts a retry (on another replica).
 */
final class LeasedListener implements StreamListener {

    private final StreamListener target;
    private final ReplicaSet.Lease lease;

    private LeasedListener(StreamListener target, ReplicaSet.Lease lease) {
        this.target = target;
        this.lease = lease;
    }

    static StreamListener of(StreamListener target, ReplicaSet.Lease lease) {
        return new LeasedListener(target, lease);
    }

    @Override
    public void onChunk(String text) {
        target.onChunk(text);
    }

    @Override
    public void onComplete(Completion completion) {
        lease.succeeded();
        target.onComplete(completion);
    }

    @Override
    public void onError(DuoException error) {
        lease.failed(error);
        target.onError(error);
    }
}
