package dev.duo.spi;

import dev.duo.Message;
import dev.duo.ModelParams;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ModelClient} is asked to do: messages (system, user, assistant turns), parameters
 * and the endpoint kind. The feature key travels along for logs and fakes; providers do not send it.
 *
 * <pre>{@code
 * ModelRequest r = ModelRequest.builder()
 *         .messages(List.of(Message.system("Be terse."), Message.user("Hi")))
 *         .params(ModelParams.builder().maxTokens(64).build())
 *         .build();
 * }</pre>
 */
public final class ModelRequest {

    private final List<Message> messages;
    private final ModelParams params;
    private final RequestMode mode;
    private final String feature;

    private ModelRequest(Builder b) {
        this.messages = List.copyOf(b.messages);
        this.params = b.params;
        this.mode = b.mode;
        this.feature = b.feature;
    }

    /** An empty builder: messages are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder().messages(messages).params(params).mode(mode).feature(feature);
    }

    /** The conversation, in order. */
    public List<Message> messages() {
        return messages;
    }

    /** The merged parameters; only those set are sent. */
    public ModelParams params() {
        return params;
    }

    /** Chat or raw text completion. */
    public RequestMode mode() {
        return mode;
    }

    /** The feature key the request serves, where known. */
    public Optional<String> feature() {
        return Optional.ofNullable(feature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRequest r && messages.equals(r.messages) && params.equals(r.params)
                && mode == r.mode && Objects.equals(feature, r.feature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, params, mode, feature);
    }

    @Override
    public String toString() {
        return "ModelRequest{feature=" + feature + ", mode=" + mode + ", messages=" + messages.size()
                + ", params=" + params + '}';
    }

    /** Builds a {@link ModelRequest}. */
    public static final class Builder {
        private List<Message> messages;
        private ModelParams params = ModelParams.NONE;
        private RequestMode mode = RequestMode.CHAT;
        private String feature;

        private Builder() {
        }

        /** The conversation (copied); must not be empty. */
        public Builder messages(List<Message> messages) {
            this.messages = messages;
            return this;
        }

        /** The parameters. */
        public Builder params(ModelParams params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** Chat (the default) or text. */
        public Builder mode(RequestMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The feature key, or null. */
        public Builder feature(String feature) {
            this.feature = feature;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when there is no message, or a TEXT request is not one user message
         */
        public ModelRequest build() {
            if (messages == null || messages.isEmpty()) {
                throw new IllegalArgumentException("a model request needs at least one message");
            }
            if (mode == RequestMode.TEXT && (messages.size() != 1 || messages.get(0).role() != dev.duo.Role.USER)) {
                throw new IllegalArgumentException("a TEXT request holds exactly one user message: the raw prompt");
            }
            return new ModelRequest(this);
        }
    }
}
