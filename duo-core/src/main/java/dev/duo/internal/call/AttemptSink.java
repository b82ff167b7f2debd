package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;

/** The signals of one async or streamed attempt: the first terminal wins (a deadline's or the client's). */
final class AttemptSink implements StreamListener {

    private final RealCall call;
    private final Attempt attempt;
    private boolean gotChunk;     // only the client's thread touches it

    AttemptSink(RealCall call, Attempt attempt) {
        this.call = call;
        this.attempt = attempt;
    }

    @Override
    public void onChunk(String text) {
        if (attempt.isCancelled() || text == null || text.isEmpty()) {
            return;
        }
        boolean first = !gotChunk;
        gotChunk = true;
        call.loop().chunk(attempt, first, text);
    }

    @Override
    public void onComplete(Completion completion) {
        done(completion, null);
    }

    @Override
    public void onError(DuoException error) {
        done(null, error);
    }

    void done(Completion c, Throwable t) {
        if (t != null && call.caller != null && Thread.currentThread() == call.caller && call.caller.isInterrupted()) {
            // A waited-for stream read on its caller's thread failed because that thread was interrupted:
            // the caller's cancel, as for a blocking call (no retry, no fallback), not the provider's failure.
            call.end(new CancelledException("interrupted while waiting for the answer", null, call.errorContext()));
        }
        DuoException failure = t == null ? null : call.unexpected(t);
        if (c == null && failure == null) {
            failure = new dev.duo.InvalidResponseException("the model client completed without a completion");
        }
        // Either marks the attempt over, so that a late signal is dropped. A completion ends it
        // without running its cancel hooks: the provider may still be closing what it read from (a
        // stream's response, whose connection goes back to the pool only if it is not cancelled).
        if (failure == null ? attempt.end() : attempt.cancel(failure)) {
            call.loop().attemptEnded(attempt, c, failure);
        }
    }
}
