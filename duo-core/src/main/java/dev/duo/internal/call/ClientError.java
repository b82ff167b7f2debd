package dev.duo.internal.call;

import dev.duo.DuoException;
import dev.duo.ErrorContext;

/**
 * An {@link Error} a model client threw (a test double's {@code AssertionError}, say), carried to
 * the caller like any failure instead of dying with the thread that ran the attempt (which would
 * leave the call waiting for its deadline). Not retried. A blocking {@code execute()} rethrows the
 * original error itself.
 */
final class ClientError extends DuoException {

    private static final long serialVersionUID = 1L;

    ClientError(Error error, ErrorContext context) {
        // A test's own assertion says what went wrong; any other error's message could hold anything.
        super("the model client failed with " + (error instanceof AssertionError ? error.toString()
                : error.getClass().getName()), error, false, context);
    }

    /** The error the client threw. */
    Error error() {
        return (Error) getCause();
    }
}
