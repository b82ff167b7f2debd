package dev.duo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Generation parameters. Every field is optional: a parameter nobody set is never sent.
 *
 * <p>Parameters are merged in one fixed order, later winning: the prompt definition's
 * {@code model.params}, then the model's settings in {@code duo.yml}, then the call's own
 * (see {@link #overriddenBy(ModelParams)}).
 *
 * <pre>{@code
 * ModelParams p = ModelParams.builder().maxTokens(256).temperature(0.1).build();
 * }</pre>
 */
public final class ModelParams {

    /** No parameter set. */
    public static final ModelParams NONE = builder().build();

    private final Integer maxTokens;
    private final Double temperature;
    private final Double topP;
    private final List<String> stop;
    private final Duration timeout;
    private final Optional<Duration> timeoutOrEmpty;   // made once: every call reads it several times

    private ModelParams(Builder b) {
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.stop = b.stop == null ? null : List.copyOf(b.stop);
        this.timeout = b.timeout;
        this.timeoutOrEmpty = Optional.ofNullable(b.timeout);
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stop = stop;
        b.timeout = timeout;
        return b;
    }

    /** Maximum tokens to generate. */
    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** Sampling temperature. */
    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** Nucleus sampling mass. */
    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    /** Stop sequences; empty when none was set. */
    public Optional<List<String>> stop() {
        return Optional.ofNullable(stop);
    }

    /** The overall deadline of a call (the prompt's {@code params.timeout}, or the caller's). */
    public Optional<Duration> timeout() {
        return timeoutOrEmpty;
    }

    /**
     * Returns these parameters with every field that {@code later} sets replaced by its value.
     * This is the one place the merge order is implemented. When either side sets nothing, the other
     * is the answer as it is (no copy: every call merges its feature's parameters twice).
     */
    public ModelParams overriddenBy(ModelParams later) {
        Objects.requireNonNull(later, "later");
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        Builder b = toBuilder();
        if (later.maxTokens != null) b.maxTokens = later.maxTokens;
        if (later.temperature != null) b.temperature = later.temperature;
        if (later.topP != null) b.topP = later.topP;
        if (later.stop != null) b.stop = later.stop;
        if (later.timeout != null) b.timeout = later.timeout;
        return b.build();
    }

    /** True when no field is set. */
    public boolean isEmpty() {
        return maxTokens == null && temperature == null && topP == null && stop == null && timeout == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelParams p
                && Objects.equals(maxTokens, p.maxTokens)
                && Objects.equals(temperature, p.temperature)
                && Objects.equals(topP, p.topP)
                && Objects.equals(stop, p.stop)
                && Objects.equals(timeout, p.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxTokens, temperature, topP, stop, timeout);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ModelParams{");
        if (maxTokens != null) sb.append("maxTokens=").append(maxTokens).append(", ");
        if (temperature != null) sb.append("temperature=").append(temperature).append(", ");
        if (topP != null) sb.append("topP=").append(topP).append(", ");
        if (stop != null) sb.append("stop=").append(stop).append(", ");
        if (timeout != null) sb.append("timeout=").append(timeout).append(", ");
        if (sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 2);
        return sb.append('}').toString();
    }

    /** Builds {@link ModelParams}; {@link #build()} validates ranges. */
    public static final class Builder {
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private List<String> stop;
        private Duration timeout;

        private Builder() {
        }

        /** Maximum tokens to generate (at least 1). */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Sampling temperature, 0 to 2. */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Nucleus sampling mass, above 0 and at most 1. */
        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        /** Stop sequences (copied). */
        public Builder stop(List<String> stop) {
            this.stop = stop == null ? null : new ArrayList<>(stop);
            return this;
        }

        /** Overall deadline of a call (positive). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the parameter and its allowed range
         */
        public ModelParams build() {
            if (maxTokens != null && maxTokens < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
            }
            if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
            }
            if (topP != null && (topP.isNaN() || topP <= 0 || topP > 1)) {
                throw new IllegalArgumentException("top_p must be above 0 and at most 1, got " + topP);
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            if (stop != null) {
                for (String s : stop) {
                    if (s == null || s.isEmpty()) {
                        throw new IllegalArgumentException("stop sequences must not be null or empty");
                    }
                }
            }
            return new ModelParams(this);
        }
    }
}
