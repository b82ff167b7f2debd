package dev.duo;

import dev.duo.admin.Provenance;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one call: its text and how it came to be.
 *
 * <pre>{@code
 * Completion c = DuoClient.forFeature("code_generation").generate(Map.of("user_instruction", "a fizzbuzz"));
 * System.out.println(c.text() + " (" + c.usage().outputTokens() + " tokens, " + c.finishReason() + ")");
 * }</pre>
 */
public final class Completion {

    private final String text;
    private final FinishReason finishReason;
    private final Usage usage;
    private final Duration latency;
    private final String requestId;
    private final Provenance provenance;
    /** {@link #toString()}, made on first use (a benign race: every thread makes the same text). */
    private String description;

    private Completion(Builder b) {
        this.text = Objects.requireNonNull(b.text, "text");
        this.finishReason = Objects.requireNonNull(b.finishReason, "finishReason");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.requestId = b.requestId;
        this.provenance = b.provenance;
    }

    /** A builder; text is required, the rest defaults to STOP, unknown usage and zero latency. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder().text(text).finishReason(finishReason).usage(usage).latency(latency)
                .requestId(requestId).provenance(provenance);
    }

    /** The generated text (for a pre-filled assistant turn, only what the model added). */
    public String text() {
        return text;
    }

    /** Why generation stopped. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** Tokens consumed. */
    public Usage usage() {
        return usage;
    }

    /** Time from sending the request to the last byte of the answer. */
    public Duration latency() {
        return latency;
    }

    /** The provider's request id, for support tickets; empty when the provider sent none. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Which feature, model, prompt and provider served this; empty for a raw {@code ModelClient} call. */
    public Optional<Provenance> provenance() {
        return Optional.ofNullable(provenance);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion c && text.equals(c.text) && finishReason == c.finishReason
                && usage.equals(c.usage) && latency.equals(c.latency)
                && Objects.equals(requestId, c.requestId) && Objects.equals(provenance, c.provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, finishReason, usage, latency, requestId, provenance);
    }

    /**
     * A short description: the start of the text (newlines shown as {@code \n}), the finish reason,
     * usage, latency, request id and provenance. Made once, in one pass, and kept: the values never change.
     */
    @Override
    public String toString() {
        String s = description;
        if (s == null) {
            s = describe();
            description = s;
        }
        return s;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder(160);
        sb.append("Completion{text=");
        int shown = text.length() > 60 ? 57 : text.length();
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append('\\').append('n');
            } else {
                sb.append(c);
            }
        }
        if (shown < text.length()) {
            sb.append("...");
        }
        sb.append(", finishReason=").append(finishReason).append(", usage=").append(usage)
                .append(", latency=").append(latency.toMillis()).append("ms");
        if (requestId != null) {
            sb.append(", requestId=").append(requestId);
        }
        if (provenance != null) {
            sb.append(", ").append(provenance);
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link Completion}. */
    public static final class Builder {
        private String text;
        private FinishReason finishReason = FinishReason.STOP;
        private Usage usage = Usage.UNKNOWN;
        private Duration latency = Duration.ZERO;
        private String requestId;
        private Provenance provenance;

        private Builder() {
        }

        /** The generated text. */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /** Why generation stopped. */
        public Builder finishReason(FinishReason finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        /** Tokens consumed. */
        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        /** Time the call took. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** The provider's request id, or null. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** What served the answer, or null. */
        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /** Builds; text must be set. */
        public Completion build() {
            return new Completion(this);
        }
    }
}
