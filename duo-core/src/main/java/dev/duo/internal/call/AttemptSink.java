package dev.duo.internal.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;

/** The signals of one async or streamed attempt: the first terminal wins (a deadline's or the client's). */
final class AttemptSink implements StreamListener {

    /** Marks an attempt that ended normally (its hooks are dropped, nothing is aborted that matters). */
    private static final DuoException ENDED = new DuoException("the attempt ended", null, false, ErrorContext.NONE);

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
        DuoException failure = t == null ? null : call.unexpected(t);
        if (c == null && failure == null) {
            failure = new dev.duo.InvalidResponseException("the model client completed without a completion");
        }
        // cancel() with a reason of its own marks the attempt over: a late signal is dropped
        if (attempt.cancel(failure != null ? failure : ENDED)) {
            call.loop().attemptEnded(attempt, c, failure);
        }
    }
}
