package dev.duo.benchmarks;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.internal.call.CallRuntime;
import dev.duo.internal.call.Route;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallContext;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing costs a call on the happy path: one blocking call through the call runtime to an
 * in-memory model client (no HTTP, no rendering, so the runtime is all there is), without routing
 * (a runtime for raw model calls: no health table), with routing (the model's circuit breaker,
 * rate-limit gate and concurrency bound consulted), and with a fallback model on the route that is
 * never used. The difference between the first and the others is the overhead of routing.
 *
 * <p>On a machine shared with other builds, wall time swings more than the difference; {@link #main}
 * measures the same four calls by the thread's CPU time instead, interleaved, best of 12 rounds.
 *
 * <pre>{@code
 * java -cp duo-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RoutingOverhead -prof gc
 * java -cp duo-benchmarks/target/benchmarks.jar dev.duo.benchmarks.RoutingOverheadBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingOverheadBenchmark {

    private static final SelfHostedModel PRIMARY = SelfHostedModel.builder().name("primary").family(ModelFamily.MIXTRAL)
            .identifier("custom_openai/mixtral").endpoint(URI.create("http://127.0.0.1:1/v1")).build();
    private static final SelfHostedModel BACKUP = SelfHostedModel.builder().name("backup").family(ModelFamily.LLAMA3)
            .identifier("custom_openai/llama3").endpoint(URI.create("http://127.0.0.1:2/v1")).build();
    private static final SelfHostedModel BOUNDED = PRIMARY.toBuilder().name("bounded").maxConcurrentRequests(64).build();
    private static final ModelRequest REQUEST = ModelRequest.builder().messages(List.of(Message.user("hi")))
            .feature("code_generations").build();
    private static final Completion ANSWER = Completion.builder().text("ok").finishReason(FinishReason.STOP)
            .usage(new Usage(1, 1)).build();

    private final ModelClient client = new ModelClient() {
        @Override
        public Completion complete(ModelRequest request, Attempt attempt) {
            return ANSWER;
        }

        @Override
        public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
            return CompletableFuture.completedFuture(ANSWER);
        }

        @Override
        public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    };

    private final CallRuntime plain = CallRuntime.builder().build();
    private final CallRuntime routed = CallRuntime.builder().routing(false).build();
    private final CallContext primary = CallContext.builder(PRIMARY).feature("code_generations").build();
    private final CallContext bounded = CallContext.builder(BOUNDED).feature("code_generations").build();
    private final CallContext backup = CallContext.builder(BACKUP).feature("code_generations").build();

    /** No routing: the runtime of a raw model call. */
    @Benchmark
    public Completion withoutRouting() {
        return plain.execute(Route.of(primary, client, REQUEST));
    }

    /** Routing on: the model's circuit breaker (a permission and an outcome per call) and its rate-limit gate. */
    @Benchmark
    public Completion withRouting() {
        return routed.execute(Route.of(primary, client, REQUEST));
    }

    /** Routing on, with max_concurrent_requests (a slot per attempt). */
    @Benchmark
    public Completion withRoutingAndABound() {
        return routed.execute(Route.of(bounded, client, REQUEST));
    }

    /** Routing on, with a fallback model on the route that the call never needs (never rendered). */
    @Benchmark
    public Completion withRoutingAndAnUnusedFallback() {
        return routed.execute(Route.of(primary, client, REQUEST).orElse(backup, client, () -> REQUEST));
    }

    /**
     * CPU time per call of each variant, interleaved in rounds of 200,000 calls, the best of 12 rounds
     * after 3 of warm-up; prints the overhead of routing against {@link #withoutRouting()}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        RoutingOverheadBenchmark b = new RoutingOverheadBenchmark();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 200_000;
        String[] names = {"withoutRouting", "withRouting", "withRoutingAndABound", "withRoutingAndAnUnusedFallback"};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        int answered = 0;
        for (int round = 0; round < 15; round++) {
            for (int v = 0; v < names.length; v++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    Completion c = switch (v) {
                        case 0 -> b.withoutRouting();
                        case 1 -> b.withRouting();
                        case 2 -> b.withRoutingAndABound();
                        default -> b.withRoutingAndAnUnusedFallback();
                    };
                    answered += c.text().length();
                }
                double ns = (mx.getCurrentThreadCpuTime() - t0) / (double) n;
                if (round >= 3) {
                    best[v] = Math.min(best[v], ns);
                }
            }
        }
        for (int v = 0; v < names.length; v++) {
            System.out.printf("%-32s %6.0f ns CPU per call%n", names[v], best[v]);
        }
        System.out.printf("routing overhead: %.0f ns per call (with max_concurrent_requests %.0f, with an unused fallback %.0f);"
                + " %d answers%n", best[1] - best[0], best[2] - best[0], best[3] - best[0], answered / 2);
    }
}
