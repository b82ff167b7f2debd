package dev.duo.testkit.record;

import dev.duo.InvalidRequestException;

/**
 * A request that no recorded exchange answers: the code under test now asks something else (or
 * more) than when the recording was made. The message names the recording, the closest exchange
 * and each field that differs. Not retryable, so the pipeline gives it to the caller at once.
 *
 * <pre>{@code
 * try { service.summarize(diff); } catch (ReplayMismatchException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ReplayMismatchException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    /** With the whole explanation as its message. */
    public ReplayMismatchException(String message) {
        super(message);
    }
}
