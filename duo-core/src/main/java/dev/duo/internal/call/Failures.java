package dev.duo.internal.call;

import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.call.CallContext;
import java.util.concurrent.CompletionException;

/** How a call turns what is not a {@link DuoException} (a broken client or interceptor) into one. */
final class Failures {

    private Failures() {
    }

    static DuoException wrap(RuntimeException e, String who, ErrorContext ctx) {
        return e instanceof DuoException d ? d
                : new DuoException(who + " failed with " + e.getClass().getName(), e, false, ctx);
    }

    static DuoException unexpected(Throwable e, ErrorContext ctx) {
        if (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DuoException d) {
            return d;
        }
        if (e instanceof Error error) {
            return new ClientError(error, ctx);
        }
        // The provider broke its contract; its message is not shown, as it could hold anything.
        return new DuoException("the model client failed unexpectedly with " + e.getClass().getName(), e, false, ctx);
    }

    static ErrorContext context(CallContext c) {
        return ErrorContext.builder().provider(c.model().platform()).model(c.model().name()).build();
    }
}
