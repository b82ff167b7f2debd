package dev.duo.benchmarks;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FinishReason;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.micrometer.DuoMicrometer;
import dev.duo.opentelemetry.DuoOpenTelemetry;
import dev.duo.call.CallContext;
import dev.duo.call.CallEvent;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the Micrometer and OpenTelemetry listeners cost per call. {@link #listenersOnly} replays one
 * blocking call's events (request, the tracing interceptor putting {@code traceparent} on the request,
 * response) through both listeners: the listeners' own work, spans and meters included, nothing else.
 * {@link #callWithListeners} and {@link #callWithoutListeners} make whole feature calls (prompt
 * rendering, the pipeline) against an in-process model client that answers at once: their
 * difference is the overhead as a caller sees it, the events' own construction included. Spans go to
 * a real SDK tracer (the batch processor, as deployed, to an exporter that drops them); meters to a
 * {@link SimpleMeterRegistry}.
 *
 * <pre>{@code
 * java -cp duo-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ObservabilityBenchmarks -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservabilityBenchmarks {

    private static final Completion ANSWER = Completion.builder().text("def reverse(s): return s[::-1]")
            .finishReason(FinishReason.STOP).usage(new Usage(120, 12)).requestId("req-1").build();

    private OpenTelemetrySdk otel;
    private DuoOpenTelemetry tracing;
    private CallListener metrics;
    private CallEvent start;
    private CallEvent end;
    private CallInterceptor.Chain chain;
    private DuoClient withListeners;
    private DuoClient withoutListeners;

    /** Both listeners, one call's events, and two clients over an instant model. */
    @Setup(Level.Trial)
    public void setUp() {
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new Drop()).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        tracing = DuoOpenTelemetry.listener(otel);
        metrics = DuoMicrometer.listener(new SimpleMeterRegistry());

        withoutListeners = client(false);
        withListeners = client(true);
        // one real call's context and request, taken from the pipeline itself
        CallEvent[] seen = new CallEvent[1];
        DuoClient probe = DuoClient.builder().config(config()).environment(Fixtures.ENV)
                .modelClient(new Instant()).listener(new CallListener() {
                    @Override
                    public void onRequest(CallEvent e) {
                        seen[0] = e;
                    }
                }).build();
        probe.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS);
        probe.close();
        CallContext ctx = seen[0].context();
        ModelRequest request = seen[0].request();
        start = CallEvent.builder(ctx, request).attempts(1).build();
        end = CallEvent.builder(ctx, request).attempts(1).completion(ANSWER).latency(Duration.ofMillis(420)).build();
        StreamHandle done = new StreamHandle() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
        chain = new CallInterceptor.Chain() {
            @Override
            public CallContext context() {
                return ctx;
            }

            @Override
            public ModelRequest request() {
                return request;
            }

            @Override
            public boolean streaming() {
                return false;
            }

            @Override
            public StreamHandle proceed(ModelRequest r, StreamListener listener) {
                return done;
            }
        };
    }

    private DuoClient client(boolean listeners) {
        DuoClient.Builder b = DuoClient.builder().config(config()).environment(Fixtures.ENV).modelClient(new Instant());
        if (listeners) {
            DuoOpenTelemetry t = DuoOpenTelemetry.listener(otel);
            b.listener(t).interceptor(t).listener(DuoMicrometer.listener(new SimpleMeterRegistry()));
        }
        return b.build();
    }

    private static DuoConfig config() {
        SelfHostedModel model = SelfHostedModel.builder().name(Fixtures.OPENAI_MODEL).family(ModelFamily.MISTRAL)
                .identifier("custom_openai/bench-mistral-7b-instruct").endpoint(URI.create("http://127.0.0.1:9/v1"))
                .build();
        return DuoConfig.builder().model(model).feature("code_generations", FeatureSetting.selfHosted(Fixtures.OPENAI_MODEL))
                .build();
    }

    /** Closes the clients and the SDK. */
    @TearDown(Level.Trial)
    public void tearDown() {
        withListeners.close();
        withoutListeners.close();
        otel.close();
    }

    /** Both listeners' work for one blocking call: span and meters, traceparent on the request. */
    @Benchmark
    public StreamHandle listenersOnly() {
        tracing.onRequest(start);
        metrics.onRequest(start);
        StreamHandle h = tracing.intercept(chain, null);
        tracing.onResponse(end);
        metrics.onResponse(end);
        return h;
    }

    /** The tracing listener's part of {@link #listenersOnly}. */
    @Benchmark
    public StreamHandle tracingOnly() {
        tracing.onRequest(start);
        StreamHandle h = tracing.intercept(chain, null);
        tracing.onResponse(end);
        return h;
    }

    /** The metrics listener's part of {@link #listenersOnly}. */
    @Benchmark
    public CallEvent metricsOnly() {
        metrics.onRequest(start);
        metrics.onResponse(end);
        return end;
    }

    /** A whole feature call with both listeners installed. */
    @Benchmark
    public Completion callWithListeners() {
        return withListeners.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS);
    }

    /** The same call without them. */
    @Benchmark
    public Completion callWithoutListeners() {
        return withoutListeners.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS);
    }

    /** Spans the direct benchmark's listener has open (zero between invocations). */
    int openSpans() {
        return tracing.openSpans();
    }

    /** A model that answers at once, in process. */
    static final class Instant implements ModelClient {
        @Override
        public Completion complete(ModelRequest request, dev.duo.spi.Attempt attempt) {
            return ANSWER;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request,
                dev.duo.spi.Attempt attempt) {
            return java.util.concurrent.CompletableFuture.completedFuture(ANSWER);
        }

        @Override
        public StreamHandle stream(ModelRequest request, dev.duo.spi.Attempt attempt, StreamListener listener) {
            listener.onComplete(ANSWER);
            return new StreamHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }

        @Override
        public void close() {
        }
    }

    /** An exporter that drops every span: the cost measured is the SDK's, not an exporter's. */
    static final class Drop implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
