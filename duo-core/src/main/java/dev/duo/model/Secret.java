package dev.duo.model;

import java.util.Objects;

/**
 * A secret value (api key, token) that never shows itself: {@code toString()} prints a mask and
 * equality is by identity so a secret does not leak through collections' printing either.
 * Only provider code calls {@link #reveal()}, at the moment it builds a request.
 *
 * <pre>{@code
 * Secret key = Secret.of(System.getenv("FIREWORKS_AI_API_KEY"));
 * }</pre>
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @throws IllegalArgumentException if the value is empty (the value itself is not echoed)
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The secret itself: for building a request, never for printing. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
