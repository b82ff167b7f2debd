package dev.duo;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where an error happened: provider, model, HTTP status, provider request id and retry-after,
 * each where known. Never holds a secret.
 *
 * <pre>{@code
 * ErrorContext ctx = ErrorContext.builder().provider("fireworks_ai").status(429).retryAfter(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class ErrorContext {

    /** Nothing known. */
    public static final ErrorContext NONE = builder().build();

    private final String provider;
    private final String model;
    private final Integer status;
    private final String requestId;
    private final Duration retryAfter;

    private ErrorContext(Builder b) {
        this.provider = b.provider;
        this.model = b.model;
        this.status = b.status;
        this.requestId = b.requestId;
        this.retryAfter = b.retryAfter;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder().provider(provider).model(model).status(status).requestId(requestId).retryAfter(retryAfter);
    }

    /** The platform id, such as {@code fireworks_ai}. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The model's name in the registry. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The HTTP status the provider answered with. */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The provider's request id. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How long the provider asked us to wait before retrying. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A short suffix for messages, such as {@code " [provider=bedrock, status=429]"}, or empty. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        if (provider != null) sb.append("provider=").append(provider).append(", ");
        if (model != null) sb.append("model=").append(model).append(", ");
        if (status != null) sb.append("status=").append(status).append(", ");
        if (requestId != null) sb.append("request id=").append(requestId).append(", ");
        if (retryAfter != null) sb.append("retry after=").append(retryAfter.toMillis()).append("ms, ");
        return sb.length() == 0 ? "" : " [" + sb.substring(0, sb.length() - 2) + "]";
    }

    @Override
    public String toString() {
        return "ErrorContext{" + describe().trim() + "}";
    }

    /** Builds an {@link ErrorContext}. */
    public static final class Builder {
        private String provider;
        private String model;
        private Integer status;
        private String requestId;
        private Duration retryAfter;

        private Builder() {
        }

        /** The platform id. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** The model's name. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The HTTP status, or null. */
        public Builder status(Integer status) {
            this.status = status;
            return this;
        }

        /** The provider's request id, or null. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The provider's retry-after, or null. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Builds. */
        public ErrorContext build() {
            return new ErrorContext(this);
        }
    }
}
