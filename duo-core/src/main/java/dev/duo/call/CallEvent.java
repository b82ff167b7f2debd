package dev.duo.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.Usage;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One moment of one call, as {@link CallListener}s see it. What is not known yet is empty:
 * usage and finish reason come with the response, the error with a failure or retry.
 *
 * <pre>{@code
 * public void onResponse(CallEvent e) {
 *     log.info("{} on {} took {} ms", e.feature().orElse("-"), e.model(), e.latency().orElseThrow().toMillis());
 * }
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class CallEvent implements dev.duo.pipeline.CallEvent {

    private final CallContext context;
    private final ModelRequest request;
    private final boolean streaming;
    private final int attempts;
    private final Completion completion;
    private final DuoException error;
    private final Duration latency;
    private final Duration timeToFirstToken;
    /** Built on first use: a listener that reads a few fields does not pay for the map. */
    private volatile Map<String, Object> attributes;

    private CallEvent(Builder b) {
        this.context = Objects.requireNonNull(b.context, "context");
        this.request = Objects.requireNonNull(b.request, "request");
        this.streaming = b.streaming;
        this.attempts = b.attempts;
        this.completion = b.completion;
        this.error = b.error;
        this.latency = b.latency;
        this.timeToFirstToken = b.timeToFirstToken;
    }

    /** A builder for an event of a call in {@code context} sending {@code request}. */
    public static Builder builder(CallContext context, ModelRequest request) {
        return new Builder(context, request);
    }

    /** The call's context (feature, model, prompt). */
    public CallContext context() {
        return context;
    }

    /** The request as the call received it. */
    public ModelRequest request() {
        return request;
    }

    /** The feature key, where known. */
    public Optional<String> feature() {
        return context.feature();
    }

    /** The model's name in the registry. */
    public String model() {
        return context.model().name();
    }

    /** The model family id, such as {@code mixtral}. */
    public String family() {
        return context.model().family().id();
    }

    /** The platform id that serves the model, such as {@code fireworks_ai}. */
    public String provider() {
        return context.model().platform();
    }

    /** Whether the call streams. */
    public boolean streaming() {
        return streaming;
    }

    /** Attempts started so far (0 before the first). */
    public int attempts() {
        return attempts;
    }

    /** The answer, on a response event. */
    public Optional<Completion> completion() {
        return Optional.ofNullable(completion);
    }

    /** Tokens used, on a response event. */
    public Optional<Usage> usage() {
        return completion().map(Completion::usage);
    }

    /** Why generation stopped, on a response event. */
    public Optional<FinishReason> finishReason() {
        return completion().map(Completion::finishReason);
    }

    /** The error, on error and retry events. */
    public Optional<DuoException> error() {
        return Optional.ofNullable(error);
    }

    /** Time from the start of the call to this event, on response, error and retry events. */
    public Optional<Duration> latency() {
        return Optional.ofNullable(latency);
    }

    /** Time from the start of the call to its first chunk, once a stream has one. */
    public Optional<Duration> timeToFirstToken() {
        return Optional.ofNullable(timeToFirstToken);
    }

    /** What is known, under the names of {@link GenAiAttributes}; unmodifiable, in a stable order. */
    public Map<String, Object> attributes() {
        Map<String, Object> a = attributes;
        if (a == null) {
            attributes = a = buildAttributes();   // racy but safe: every thread builds the same immutable map
        }
        return a;
    }

    private Map<String, Object> buildAttributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(GenAiAttributes.OPERATION_NAME, request.mode() == RequestMode.TEXT ? "text_completion" : "chat");
        a.put(GenAiAttributes.SYSTEM, GenAiAttributes.system(provider()));
        a.put(GenAiAttributes.REQUEST_MODEL, context.model().identifier().modelId());
        request.params().maxTokens().ifPresent(v -> a.put(GenAiAttributes.REQUEST_MAX_TOKENS, (long) v));
        request.params().temperature().ifPresent(v -> a.put(GenAiAttributes.REQUEST_TEMPERATURE, v));
        request.params().topP().ifPresent(v -> a.put(GenAiAttributes.REQUEST_TOP_P, v));
        if (completion != null) {
            a.put(GenAiAttributes.USAGE_INPUT_TOKENS, completion.usage().inputTokens());
            a.put(GenAiAttributes.USAGE_OUTPUT_TOKENS, completion.usage().outputTokens());
            a.put(GenAiAttributes.RESPONSE_FINISH_REASONS,
                    List.of(completion.finishReason().name().toLowerCase(Locale.ROOT)));
            completion.requestId().ifPresent(id -> a.put(GenAiAttributes.RESPONSE_ID, id));
        }
        if (error != null) {
            a.put(GenAiAttributes.ERROR_TYPE, error.getClass().getName());
            error.context().requestId().ifPresent(id -> a.putIfAbsent(GenAiAttributes.RESPONSE_ID, id));
        }
        context.feature().ifPresent(f -> a.put(GenAiAttributes.DUO_FEATURE, f));
        a.put(GenAiAttributes.DUO_MODEL, model());
        a.put(GenAiAttributes.DUO_FAMILY, family());
        context.prompt().ifPresent(p -> a.put(GenAiAttributes.DUO_PROMPT, p));
        a.put(GenAiAttributes.DUO_STREAMING, streaming);
        a.put(GenAiAttributes.DUO_ATTEMPTS, (long) attempts);
        if (latency != null) a.put(GenAiAttributes.DUO_LATENCY_MS, latency.toMillis());
        if (timeToFirstToken != null) a.put(GenAiAttributes.DUO_TIME_TO_FIRST_TOKEN_MS, timeToFirstToken.toMillis());
        return java.util.Collections.unmodifiableMap(a);
    }

    @Override
    public String toString() {
        return "CallEvent" + attributes();
    }

    /** Builds a {@link CallEvent}. */
    public static final class Builder {
        private final CallContext context;
        private final ModelRequest request;
        private boolean streaming;
        private int attempts;
        private Completion completion;
        private DuoException error;
        private Duration latency;
        private Duration timeToFirstToken;

        private Builder(CallContext context, ModelRequest request) {
            this.context = context;
            this.request = request;
        }

        /** Whether the call streams. */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** Attempts started so far. */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** The answer, or null. */
        public Builder completion(Completion completion) {
            this.completion = completion;
            return this;
        }

        /** The error, or null. */
        public Builder error(DuoException error) {
            this.error = error;
            return this;
        }

        /** Time since the start of the call, or null. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Time to the first chunk, or null. */
        public Builder timeToFirstToken(Duration ttft) {
            this.timeToFirstToken = ttft;
            return this;
        }

        /** Builds. */
        public CallEvent build() {
            return new CallEvent(this);
        }
    }
}
