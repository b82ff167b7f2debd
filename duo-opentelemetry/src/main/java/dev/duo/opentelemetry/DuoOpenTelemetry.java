package dev.duo.opentelemetry;

import dev.duo.Completion;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.opentelemetry.internal.CallSpans;
import dev.duo.opentelemetry.internal.Content;
import dev.duo.call.CallEvent;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.spi.Redactor;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces Duo calls with OpenTelemetry under the GenAI semantic conventions: one {@link SpanKind#CLIENT}
 * span per call, named {@code {gen_ai.operation.name} {gen_ai.request.model}} (such as
 * {@code chat accounts/fireworks/models/mixtral-8x22b-instruct}), a child of the caller's current span.
 *
 * <p>Attributes: {@code gen_ai.operation.name}, {@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * the request's {@code max_tokens}, {@code temperature} and {@code top_p} where set, {@code duo.feature},
 * {@code duo.model}, {@code duo.prompt}; at the end {@code gen_ai.usage.input_tokens} and
 * {@code output_tokens}, {@code gen_ai.response.finish_reasons}, {@code gen_ai.response.id},
 * {@code duo.attempts}, and on failure {@code error.type} with status ERROR. Each retried attempt is an
 * event {@value #RETRY_EVENT} on the span with the attempt's number and its reason ({@code error.type},
 * {@code http.response.status_code}, the advertised retry-after). A stream's first chunk is an event
 * {@value #FIRST_CHUNK_EVENT}.
 *
 * <p><b>Propagation.</b> Installed as an interceptor too, it puts the span's context into every HTTP
 * request of the call through the {@code OpenTelemetry}'s propagators (W3C {@code traceparent} by
 * default), so a vLLM server or gateway that traces joins the same trace. Install it both ways:
 *
 * <pre>{@code
 * DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(openTelemetry);
 * DuoClient duo = DuoClient.builder().listener(tracing).interceptor(tracing).build();
 * }</pre>
 *
 * <p><b>Content.</b> Prompt and answer text are never attributes. With {@link Builder#captureContent}
 * (off by default) they are recorded as span events {@value #PROMPT_EVENT} and {@value #COMPLETION_EVENT},
 * redacted by the SDK's {@link Redactor} (the call's own api key and every secret pattern it knows) and
 * cut to 16 KiB each.
 */
public final class DuoOpenTelemetry implements CallListener, CallInterceptor {

    /** The tracer's instrumentation scope name. */
    public static final String INSTRUMENTATION_NAME = "dev.duo";
    /** The event recorded for each failed attempt that is retried. */
    public static final String RETRY_EVENT = "duo.retry";
    /** The event recorded when a stream's first chunk reaches the caller. */
    public static final String FIRST_CHUNK_EVENT = "duo.first_chunk";
    /** The opt-in event with the prompt text. */
    public static final String PROMPT_EVENT = "gen_ai.content.prompt";
    /** The opt-in event with the answer text. */
    public static final String COMPLETION_EVENT = "gen_ai.content.completion";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> FEATURE = AttributeKey.stringKey("duo.feature");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("duo.model");
    static final AttributeKey<String> PROMPT = AttributeKey.stringKey("duo.prompt");
    static final AttributeKey<Boolean> STREAMING = AttributeKey.booleanKey("duo.streaming");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("duo.attempts");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("duo.attempt");
    static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("duo.retry_after_ms");
    static final AttributeKey<Long> TTFT_MS = AttributeKey.longKey("duo.time_to_first_token_ms");
    static final AttributeKey<String> PROMPT_TEXT = AttributeKey.stringKey("gen_ai.prompt");
    static final AttributeKey<String> COMPLETION_TEXT = AttributeKey.stringKey("gen_ai.completion");

    private static final Logger LOG = LoggerFactory.getLogger(DuoOpenTelemetry.class);
    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean captureContent;
    private final CallSpans spans = new CallSpans();
    private final AtomicBoolean warnedNoInterceptor = new AtomicBoolean();
    private volatile boolean interceptorSeen;

    private DuoOpenTelemetry(Builder b) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.propagator = b.openTelemetry.getPropagators().getTextMapPropagator();
        this.captureContent = b.captureContent;
    }

    /**
     * Tracing through {@code openTelemetry}, without content capture. Install the result as a listener
     * and as an interceptor (see the class documentation).
     */
    public static DuoOpenTelemetry listener(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** A builder, for the options. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    @Override
    public void onRequest(CallEvent e) {
        ModelRequest r = e.request();
        String operation = r.mode() == RequestMode.TEXT ? "text_completion" : "chat";
        String model = e.context().model().identifier().modelId();
        SpanBuilder b = tracer.spanBuilder(operation + " " + model).setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current())
                .setAttribute(OPERATION, operation)
                .setAttribute(PROVIDER, providerName(e.provider()))
                .setAttribute(REQUEST_MODEL, model)
                .setAttribute(MODEL, e.model())
                .setAttribute(STREAMING, e.streaming());
        r.params().maxTokens().ifPresent(v -> b.setAttribute(MAX_TOKENS, (long) v));
        r.params().temperature().ifPresent(v -> b.setAttribute(TEMPERATURE, v));
        r.params().topP().ifPresent(v -> b.setAttribute(TOP_P, v));
        e.feature().ifPresent(f -> b.setAttribute(FEATURE, f));
        e.context().prompt().ifPresent(p -> b.setAttribute(PROMPT, p));
        Span span = b.startSpan();
        if (captureContent) {
            span.addEvent(PROMPT_EVENT, Attributes.of(PROMPT_TEXT, Content.messages(r.messages(), redactor(e))));
        }
        if (!spans.put(r, span)) {
            span.end();   // too many calls open at once: this one goes untraced rather than unbounded
        }
    }

    @Override
    public StreamHandle intercept(Chain chain, StreamListener listener) {
        interceptorSeen = true;
        ModelRequest r = chain.request();
        Span span = spans.get(r);
        if (span == null) {
            return chain.proceed(r, listener);
        }
        Map<String, String> carrier = new LinkedHashMap<>(4);
        propagator.inject(Context.current().with(span), carrier, SETTER);
        if (carrier.isEmpty()) {
            return chain.proceed(r, listener);
        }
        ModelRequest.Builder withHeaders = r.toBuilder();
        carrier.forEach((name, value) -> {
            try {
                withHeaders.header(name, value);
            } catch (IllegalArgumentException refused) {
                LOG.debug("The propagator's header '{}' is not sent: {}", name, refused.getMessage());
            }
        });
        return chain.proceed(withHeaders.build(), listener);
    }

    @Override
    public void onFirstToken(CallEvent e) {
        Span span = spans.get(e.request());
        if (span != null) {
            long ttft = e.timeToFirstToken().map(java.time.Duration::toMillis).orElse(-1L);
            span.addEvent(FIRST_CHUNK_EVENT, Attributes.of(TTFT_MS, ttft));
            span.setAttribute(TTFT_MS, ttft);
        }
    }

    @Override
    public void onRetry(CallEvent e) {
        Span span = spans.get(e.request());
        if (span == null) {
            return;
        }
        AttributesBuilder a = Attributes.builder().put(ATTEMPT, (long) e.attempts());
        e.error().ifPresent(err -> {
            a.put(ERROR_TYPE, err.getClass().getName());
            err.context().status().ifPresent(s -> a.put(HTTP_STATUS, (long) s));
            err.context().retryAfter().ifPresent(d -> a.put(RETRY_AFTER_MS, d.toMillis()));
        });
        span.addEvent(RETRY_EVENT, a.build());
    }

    @Override
    public void onResponse(CallEvent e) {
        Span span = spans.remove(e.request());
        if (span == null) {
            return;
        }
        Completion c = e.completion().orElse(null);
        if (c != null) {
            Usage u = c.usage();
            if (!u.equals(Usage.UNKNOWN)) {
                span.setAttribute(INPUT_TOKENS, u.inputTokens());
                span.setAttribute(OUTPUT_TOKENS, u.outputTokens());
            }
            span.setAttribute(FINISH_REASONS, List.of(c.finishReason().name().toLowerCase(Locale.ROOT)));
            c.requestId().ifPresent(id -> span.setAttribute(RESPONSE_ID, id));
            if (captureContent) {
                span.addEvent(COMPLETION_EVENT, Attributes.of(COMPLETION_TEXT, Content.text(c.text(), redactor(e))));
            }
        }
        end(span, e);
    }

    @Override
    public void onError(CallEvent e) {
        Span span = spans.remove(e.request());
        if (span == null) {
            return;
        }
        e.error().ifPresent(err -> {
            span.setAttribute(ERROR_TYPE, err.getClass().getName());
            err.context().status().ifPresent(s -> span.setAttribute(HTTP_STATUS, (long) s));
            err.context().requestId().ifPresent(id -> span.setAttribute(RESPONSE_ID, id));
            span.setStatus(StatusCode.ERROR, err.getClass().getSimpleName());
        });
        end(span, e);
    }

    private void end(Span span, CallEvent e) {
        span.setAttribute(ATTEMPTS, (long) e.attempts());
        span.end();
        if (!interceptorSeen && warnedNoInterceptor.compareAndSet(false, true)) {
            LOG.info("DuoOpenTelemetry is installed as a listener only: install it with DuoClient.Builder.interceptor"
                    + " too, so that the trace context (traceparent) reaches the model server");
        }
    }

    private static Redactor redactor(CallEvent e) {
        return Redactor.of(e.context().secrets());
    }

    /** The {@code gen_ai.provider.name} of a platform id (the conventions' names where they have one). */
    static String providerName(String platform) {
        return switch (platform) {
            case "bedrock" -> "aws.bedrock";
            case "openai" -> "openai";
            default -> platform;
        };
    }

    /** Calls whose span is open now (for tests and diagnostics). */
    public int openSpans() {
        return spans.size();
    }

    @Override
    public String toString() {
        return "DuoOpenTelemetry{captureContent=" + captureContent + ", open=" + spans.size() + '}';
    }

    /** Builds a {@link DuoOpenTelemetry}. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean captureContent;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Records prompt and answer text as span events, redacted and capped (default off: such text
         * often holds users' code and data, and trace backends keep it).
         */
        public Builder captureContent(boolean on) {
            this.captureContent = on;
            return this;
        }

        /** Builds. */
        public DuoOpenTelemetry build() {
            return new DuoOpenTelemetry(this);
        }
    }
}
