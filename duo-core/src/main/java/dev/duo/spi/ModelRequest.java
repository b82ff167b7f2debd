package dev.duo.spi;

import dev.duo.Message;
import dev.duo.ModelParams;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ModelClient} is asked to do: messages (system, user, assistant turns), parameters
 * and the endpoint kind. The feature key travels along for logs and fakes; providers do not send it.
 * A request served by a server that renders the prompt itself (the AI gateway) carries a
 * {@link PromptCall} instead of messages.
 *
 * <p>Extra HTTP {@link #headers()} (such as W3C {@code traceparent}, set by a tracing interceptor) are
 * sent by every provider as they are; they never carry secrets: credential headers are refused.
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
    private final PromptCall promptCall;
    private final Map<String, String> headers;

    private ModelRequest(Builder b) {
        this.messages = List.copyOf(b.messages);
        this.params = b.params;
        this.mode = b.mode;
        this.feature = b.feature;
        this.promptCall = b.promptCall;
        this.headers = b.headers == null || b.headers.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    }

    /** An empty builder: messages are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder().messages(messages).params(params).mode(mode).feature(feature).promptCall(promptCall)
                .headers(headers);
    }

    /** The conversation, in order; empty for a {@link #promptCall()} request. */
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

    /** The prompt the server renders itself (the AI gateway's prompt API), in place of messages; usually empty. */
    public Optional<PromptCall> promptCall() {
        return Optional.ofNullable(promptCall);
    }

    /**
     * Extra HTTP headers every provider sends with this request (in this order), such as
     * {@code traceparent}; empty by default. Unmodifiable. They are transport metadata, not part of
     * what is asked: {@link #equals} ignores them, so recordings and fakes match a traced call too.
     */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRequest r && messages.equals(r.messages) && params.equals(r.params)
                && mode == r.mode && Objects.equals(feature, r.feature) && Objects.equals(promptCall, r.promptCall);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, params, mode, feature, promptCall);
    }

    @Override
    public String toString() {
        return "ModelRequest{feature=" + feature + ", mode=" + mode + ", messages=" + messages.size()
                + ", params=" + params + (promptCall == null ? "" : ", " + promptCall) + '}';
    }

    /** Builds a {@link ModelRequest}. */
    public static final class Builder {
        private List<Message> messages;
        private ModelParams params = ModelParams.NONE;
        private RequestMode mode = RequestMode.CHAT;
        private String feature;
        private PromptCall promptCall;
        private Map<String, String> headers;   // made by the first header: most requests carry none

        private Builder() {
        }

        /** The conversation (copied); must not be empty, unless the request carries a {@link PromptCall}. */
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

        /** A prompt the server renders itself, in place of messages; null for none. */
        public Builder promptCall(PromptCall promptCall) {
            this.promptCall = promptCall;
            return this;
        }

        /**
         * Adds (or replaces) an extra HTTP header sent with the request.
         *
         * @throws IllegalArgumentException when the name is not an HTTP token, the value holds a line
         *         break, or the header carries credentials ({@code Authorization}, {@code x-api-key} ...,
         *         which the provider sets from the model's own key) or is one the provider owns
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("the value of header '" + name + "' holds a line break");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (dev.duo.spi.Redactor.isSensitiveHeader(lower) || lower.startsWith("x-amz-")
                    || PROVIDER_OWNED.contains(lower)) {
                throw new IllegalArgumentException("header '" + name + "' cannot be set on a model request: the"
                        + " provider sets it itself (credentials come from the model's api_key, never from headers)");
            }
            if (headers == null) {
                headers = new LinkedHashMap<>();
            }
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** Adds these extra HTTP headers, each checked as {@link #header} checks it. */
        public Builder headers(Map<String, String> more) {
            more.forEach(this::header);
            return this;
        }

        private static final java.util.Set<String> PROVIDER_OWNED = java.util.Set.of("host", "content-type",
                "content-length", "accept", "transfer-encoding", "connection", "user-agent");

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when there is no message (and no prompt call), or a TEXT
         *     request is not one user message
         */
        public ModelRequest build() {
            if (promptCall != null) {
                if (messages == null) {
                    messages = List.of();
                }
                if (!messages.isEmpty()) {
                    throw new IllegalArgumentException("a prompt call request carries inputs, not messages: the server renders the prompt");
                }
                return new ModelRequest(this);
            }
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
