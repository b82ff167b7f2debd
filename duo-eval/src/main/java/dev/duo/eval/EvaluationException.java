package dev.duo.eval;

import dev.duo.DuoException;

/**
 * An evaluation could not run or finish: a malformed dataset line (when malformed lines are
 * fatal), a journal of another run, a scorer that threw. The message says what and where; finished
 * cases stay in the journal, so the run can resume.
 *
 * <pre>{@code
 * try { evaluation.run(); } catch (EvaluationException e) { log.error(e.getMessage()); }
 * }</pre>
 */
public class EvaluationException extends DuoException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public EvaluationException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public EvaluationException(String message, Throwable cause) {
        super(message, cause, false, dev.duo.ErrorContext.NONE);
    }
}
