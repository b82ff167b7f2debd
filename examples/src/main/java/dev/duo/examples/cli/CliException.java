package dev.duo.examples.cli;

/**
 * A mistake the user can fix, reported on one line of standard error with exit code 1. The message
 * says what to do.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
