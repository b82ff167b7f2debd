package dev.duo.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault a fake injects into one call. The same faults drive {@code FakeModelClient} and the
 * fake servers, so a test can move from one to the other without rewriting its plan.
 *
 * <pre>{@code
 * Fault f = Fault.status(429).withRetryAfter(Duration.ofSeconds(2));
 * }</pre>
 */
public sealed interface Fault {

    /** An error answer with this HTTP status (fake clients throw the matching {@code DuoException}). */
    static Status status(int code) {
        return new Status(code, null, null);
    }

    /** No answer at all until the caller gives up (headers never come). */
    static Stall stall() {
        return new Stall(Duration.ofMinutes(10));
    }

    /** A streamed answer that stops sending after {@code chunks} chunks, without closing. */
    static StallBody stallAfterChunks(int chunks) {
        return new StallBody(chunks, Duration.ofMinutes(10));
    }

    /** A streamed answer whose connection drops after {@code chunks} chunks. */
    static Disconnect disconnectAfterChunks(int chunks) {
        return new Disconnect(chunks);
    }

    /** A body that is not what the protocol says (broken JSON, wrong framing). */
    static Malformed malformed() {
        return new Malformed();
    }

    /** The connection is reset before any response. */
    static Reset reset() {
        return new Reset();
    }

    /**
     * An error status, with an optional {@code Retry-After} and provider message.
     *
     * @param code the HTTP status
     * @param retryAfter the wait to advertise, or null
     * @param message the provider's error message, or null for a default
     */
    record Status(int code, Duration retryAfter, String message) implements Fault {
        /** Validates the status. */
        public Status {
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException("a fault status must be 4xx or 5xx, got " + code);
            }
        }

        /** The same fault advertising {@code Retry-After}. */
        public Status withRetryAfter(Duration wait) {
            return new Status(code, Objects.requireNonNull(wait, "wait"), message);
        }

        /** The same fault with this provider message. */
        public Status withMessage(String text) {
            return new Status(code, retryAfter, Objects.requireNonNull(text, "text"));
        }
    }

    /**
     * Headers never come.
     *
     * @param duration how long the fake holds the call before giving up itself
     */
    record Stall(Duration duration) implements Fault {
    }

    /**
     * The body stops after some chunks.
     *
     * @param afterChunks chunks sent before the silence
     * @param duration how long the fake stays silent
     */
    record StallBody(int afterChunks, Duration duration) implements Fault {
    }

    /**
     * The connection drops after some chunks.
     *
     * @param afterChunks chunks sent before the drop (0 drops before the first)
     */
    record Disconnect(int afterChunks) implements Fault {
    }

    /** A malformed body. */
    record Malformed() implements Fault {
    }

    /** A connection reset before the response. */
    record Reset() implements Fault {
    }
}
