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
