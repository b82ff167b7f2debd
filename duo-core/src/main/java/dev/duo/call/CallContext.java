package dev.duo.call;

import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call serves: the feature, the model (name, family, platform, deadlines), the prompt
 * chosen, the call's own deadline overrides and the secret values its logs must never show.
 *
 * <p>The deadlines of a call, later winning: the model's {@link SelfHostedModel#timeouts()}, then the
 * request's {@code params.timeout} as the overall deadline (a feature call's request carries the
 * one its timeout rule chose: what the user configured beats what a bundled prompt suggests), then
 * this context's overrides. See {@link #timeouts(ModelRequest)}. Overrides are checked as
 * {@link Timeouts} checks them: zero, negative and longer-than-a-day durations are rejected.
 *
 * <pre>{@code
 * CallContext ctx = CallContext.builder(model)
 *         .feature("code_generations")
 *         .prompt("code_suggestions/generations/base/2.0.3")
 *         .totalTimeout(Duration.ofSeconds(20))
 *         .secret(resolvedApiKey)          // redacted wherever it could show up in a log
 *         .build();
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class CallContext implements dev.duo.pipeline.CallContext {

    private final SelfHostedModel model;
    // made once: every call's events, provenance and routing read them
    private final Optional<String> feature;
    private final Optional<String> prompt;
    private final Duration totalTimeout;
    private final Duration attemptTimeout;
    private final Duration idleTimeout;
    private final List<Secret> secrets;

    private CallContext(Builder b) {
        this.model = b.model;
        this.feature = Optional.ofNullable(b.feature);
        this.prompt = Optional.ofNullable(b.prompt);
        this.totalTimeout = b.totalTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.idleTimeout = b.idleTimeout;
        this.secrets = List.copyOf(b.secrets);
    }

    /** A builder for a call to {@code model}. */
    public static Builder builder(SelfHostedModel model) {
        return new Builder(model);
    }

    /** The model called. */
    public SelfHostedModel model() {
        return model;
    }

    /** The feature key, such as {@code code_generations}; empty for a raw model call. */
    public Optional<String> feature() {
        return feature;
    }

    /** The prompt chosen, as {@code <id>/<family>/<version>}; empty for a raw model call. */
    public Optional<String> prompt() {
        return prompt;
    }

    /** Secret values (api keys, tokens) that logs of this call must redact. */
    public List<Secret> secrets() {
        return secrets;
    }

    /**
     * The deadlines of a call sending {@code request}: the model's, the request's {@code params.timeout}
     * as the overall deadline, then this context's overrides.
     *
     * @throws IllegalArgumentException when {@code params.timeout} is longer than {@link Timeouts#MAX}
     */
    public Timeouts timeouts(ModelRequest request) {
        Timeouts t = model.timeouts();
        Optional<Duration> paramTimeout = request.params().timeout();
        if (paramTimeout.isPresent()) {
            t = t.withTotal(paramTimeout.get());
        }
        return applyOverrides(t);
    }

    private Timeouts applyOverrides(Timeouts t) {
        if (totalTimeout != null) t = t.withTotal(totalTimeout);
        if (attemptTimeout != null) t = t.withAttempt(attemptTimeout);
        if (idleTimeout != null) t = t.withIdle(idleTimeout);
        return t;
    }

    @Override
    public String toString() {
        return "CallContext{feature=" + feature.orElse(null) + ", model=" + model.name() + ", family=" + model.family().id()
                + ", platform=" + model.platform() + prompt.map(p -> ", prompt=" + p).orElse("") + '}';
    }

    /** Builds a {@link CallContext}. */
    public static final class Builder {
        private final SelfHostedModel model;
        private String feature;
        private String prompt;
        private Duration totalTimeout;
        private Duration attemptTimeout;
        private Duration idleTimeout;
        private final List<Secret> secrets = new ArrayList<>();

        private Builder(SelfHostedModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The feature key, or null. */
        public Builder feature(String feature) {
            this.feature = feature;
            return this;
        }

        /** The prompt chosen, or null. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** This call's overall deadline, retries and waits included; null keeps the model's. */
        public Builder totalTimeout(Duration d) {
            this.totalTimeout = d;
            return this;
        }

        /** This call's per-attempt deadline; null keeps the model's. */
        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = d;
            return this;
        }

        /** This call's longest stream silence; null keeps the model's. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** A secret value the logs of this call must redact (the model's resolved api key). */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Validates the overrides and builds.
         *
         * @throws IllegalArgumentException naming a deadline that is zero, negative or longer than a day
         */
        public CallContext build() {
            CallContext ctx = new CallContext(this);
            ctx.applyOverrides(model.timeouts());   // validates through Timeouts
            return ctx;
        }
    }
}
