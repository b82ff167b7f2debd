package dev.duo.testkit.internal.fake;

import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.testkit.Fault;

/** The error a real provider client raises for each fault, as the providers map HTTP statuses. */
public final class FaultErrors {

    private FaultErrors() {
    }

    /** Waits like {@code Thread.sleep}; ended by interruption. */
    @FunctionalInterface
    public interface Wait {
        /** Blocks for {@code d} or until interrupted. */
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    /**
     * The error a blocking call fails with under {@code fault}: a stall waits (through {@code wait})
     * and then times out, or is cancelled when interrupted; anything else fails at once.
     */
    public static DuoException blockingFailure(Fault fault, ErrorContext ctx, Wait wait) {
        java.time.Duration stall = fault instanceof Fault.Stall s ? s.duration()
                : fault instanceof Fault.StallBody sb ? sb.duration() : null;
        if (stall == null) {
            return errorFor(fault, ctx);
        }
        try {
            wait.sleep(stall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new dev.duo.CancelledException("the call was cancelled while the fake stalled", e, ctx);
        }
        return new DuoTimeoutException("the fake stalled for " + stall.toMillis() + " ms and gave up", null, ctx);
    }

    /**
     * The error for a fault that fails the call outright (status, reset, malformed), or for a
     * disconnect once it happens.
     *
     * @param base provider, model and request id of the call
     */
    public static DuoException errorFor(Fault fault, ErrorContext base) {
        if (fault instanceof Fault.Status s) {
            return forStatus(s, base);
        }
        if (fault instanceof Fault.Reset) {
            return new ProviderUnavailableException("the connection was reset before a response (fake fault)", null, base);
        }
        if (fault instanceof Fault.Malformed) {
            return new InvalidResponseException("the response body could not be parsed (fake fault)", null, false, base);
        }
        if (fault instanceof Fault.Disconnect d) {
            return new ProviderUnavailableException("the connection dropped after " + d.afterChunks()
                    + " chunks (fake fault)", null, base);
        }
        throw new IllegalArgumentException("fault " + fault + " does not fail with an error");
    }

    private static DuoException forStatus(Fault.Status s, ErrorContext base) {
        ErrorContext ctx = base.toBuilder().status(s.code()).retryAfter(s.retryAfter()).build();
        String text = s.message() != null ? s.message() : "HTTP " + s.code() + " (fake fault)";
        int c = s.code();
        if (c == 429) {
            return new RateLimitedException("rate limited: " + text, null, ctx);
        }
        if (c == 401 || c == 403) {
            return new AuthenticationException("the provider rejected the credentials: " + text, null, ctx);
        }
        if (c == 404) {
            return new ModelNotFoundException("the model is not found or not deployed: " + text, null, ctx);
        }
        if (c == 408) {
            return new DuoTimeoutException("the provider timed out: " + text, null, ctx);
        }
        if (c >= 500) {
            return new ProviderUnavailableException("the provider is unavailable: " + text, null, ctx);
        }
        return new InvalidRequestException("the provider rejected the request: " + text, null, ctx);
    }
}
