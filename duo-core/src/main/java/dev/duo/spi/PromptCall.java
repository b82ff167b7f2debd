package dev.duo.spi;

import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call of a prompt that the server holds and renders itself (the GitLab AI gateway's prompt
 * API, {@code POST /v1/prompts/{prompt id}}), carried by a {@link ModelRequest} in place of
 * rendered messages: the prompt id, the version constraint the feature selects, the raw inputs,
 * and, when a self-hosted model is to answer, that model and its resolved key (the gateway's
 * {@code model_metadata}). Without a model the server answers with its own default model
 * (GitLab's {@code vendored}).
 *
 * <p>Only providers that serve prompts by id (the {@code ai_gateway} platform) read it; the key
 * never shows in {@link #toString()}.
 *
 * <pre>{@code
 * PromptCall call = PromptCall.builder("chat/explain_code")
 *         .version("^1.0.0")
 *         .inputs(Map.of("selected_text", code))
 *         .build();
 * ModelRequest r = ModelRequest.builder().promptCall(call).build();
 * }</pre>
 */
public final class PromptCall {

    private final String promptId;
    private final String version;
    private final Map<String, Object> inputs;
    private final SelfHostedModel model;
    private final Secret modelApiKey;

    private PromptCall(Builder b) {
        this.promptId = b.promptId;
        this.version = b.version;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
        this.model = b.model;
        this.modelApiKey = b.modelApiKey;
    }

    /** A builder for a call of this prompt id, such as {@code code_suggestions/generations}. */
    public static Builder builder(String promptId) {
        return new Builder(promptId);
    }

    /** The prompt id, such as {@code chat/explain_code}. */
    public String promptId() {
        return promptId;
    }

    /** The version constraint, such as {@code ^1.0.0}; empty lets the server choose. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The inputs by name, in the caller's order; values are text, lists or maps (JSON-shaped). */
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** The self-hosted model to answer with; empty for the server's own default model. */
    public Optional<SelfHostedModel> model() {
        return Optional.ofNullable(model);
    }

    /** The model's resolved api key, sent to the server for its call of the model. */
    public Optional<Secret> modelApiKey() {
        return Optional.ofNullable(modelApiKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptCall c && promptId.equals(c.promptId) && Objects.equals(version, c.version)
                && inputs.equals(c.inputs) && Objects.equals(model, c.model);
    }

    @Override
    public int hashCode() {
        return Objects.hash(promptId, version, inputs, model);
    }

    @Override
    public String toString() {
        return "PromptCall{prompt=" + promptId + (version == null ? "" : ", version=" + version)
                + ", inputs=" + inputs.keySet() + ", model=" + (model == null ? "server default" : model.name()) + '}';
    }

    /** Builds a {@link PromptCall}. */
    public static final class Builder {
        private final String promptId;
        private String version;
        private Map<String, ?> inputs = Map.of();
        private SelfHostedModel model;
        private Secret modelApiKey;

        private Builder(String promptId) {
            Objects.requireNonNull(promptId, "promptId");
            if (promptId.isBlank()) {
                throw new IllegalArgumentException("a prompt call needs a prompt id, such as chat/explain_code");
            }
            this.promptId = promptId;
        }

        /** The version constraint, or null to let the server choose. */
        public Builder version(String constraint) {
            this.version = constraint == null || constraint.isBlank() ? null : constraint;
            return this;
        }

        /** The inputs (copied); null values are dropped. */
        public Builder inputs(Map<String, ?> inputs) {
            this.inputs = Objects.requireNonNull(inputs, "inputs");
            return this;
        }

        /** The self-hosted model to answer with, or null for the server's default model. */
        public Builder model(SelfHostedModel model) {
            this.model = model;
            return this;
        }

        /** The model's resolved key, or null. */
        public Builder modelApiKey(Secret key) {
            this.modelApiKey = key;
            return this;
        }

        /** Builds. */
        public PromptCall build() {
            Map<String, Object> copy = new LinkedHashMap<>();
            inputs.forEach((k, v) -> {
                if (v != null) {
                    copy.put(Objects.requireNonNull(k, "input name"), v);
                }
            });
            this.inputs = copy;
            return new PromptCall(this);
        }
    }
}
