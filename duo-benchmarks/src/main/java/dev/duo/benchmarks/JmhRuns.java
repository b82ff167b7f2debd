package dev.duo.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH part of a run: the calls with JMH's GC profiler (bytes allocated per call, the one
 * figure a busy machine does not disturb), the resolution and rendering micro-benchmarks, and a new
 * client in a warm JVM. Forks reach the parent's loopback server through {@code -Dduo.bench.server}.
 */
final class JmhRuns {

    private JmhRuns() {
    }

    static void run(boolean quick, int serverPort, Map<String, Object> into) throws Exception {
        // JMH refuses to start while another JMH run holds /tmp/jmh.lock: on a shared machine another user's
        // run must not end this one (the load average printed with the table says how busy the machine was).
        System.setProperty("jmh.ignoreLock", "true");
        Main.log("JMH: calls with the GC profiler, resolution, rendering, a new client in a warm JVM");
        ChainedOptionsBuilder calls = common(serverPort)
                .include(CallBenchmarks.class.getName() + ".*")
                .addProfiler(GCProfiler.class)
                // The AWS SDK and Jinjava paths take several seconds of calls to be compiled.
                .warmupIterations(quick ? 5 : 8).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 10).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .forks(quick ? 1 : 2);
        if (quick) {
            // The goal rows take LangChain4j's time from the alternating rounds; its JMH fork is the long run's.
            calls.exclude(CallBenchmarks.class.getName() + ".openAiLangChain4j");
        }
        collect(new Runner(calls.build()).run(), into);
        ChainedOptionsBuilder small = common(serverPort)
                .include(ResolutionBenchmarks.class.getName() + ".*")
                .include(NewClientBenchmark.class.getName() + ".*")
                .addProfiler(GCProfiler.class)
                .warmupIterations(quick ? 3 : 8).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 10).measurementTime(TimeValue.seconds(1))
                .forks(1);
        collect(new Runner(small.build()).run(), into);
    }

    private static ChainedOptionsBuilder common(int serverPort) {
        return new OptionsBuilder().jvmArgs("-Xms1g", "-Xmx1g", "-D" + ServerProcess.PORT_PROPERTY + "=" + serverPort)
                .verbosity(VerboseMode.NORMAL).timeUnit(TimeUnit.MICROSECONDS).shouldFailOnError(true);
    }

    private static void collect(Collection<RunResult> runs, Map<String, Object> into) {
        for (RunResult r : runs) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            // The median of the iterations: on a machine shared with other work, one disturbed
            // iteration moves a mean far more than a median. The mean is kept too.
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    scores.add(i.getPrimaryResult().getScore());
                }
            }
            double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
            into.put(name, Rounds.median(s));
            into.put(name + ".mean", r.getPrimaryResult().getScore());
            into.put(name + ".error", r.getPrimaryResult().getScoreError());
            into.put(name + ".iterations", (double) s.length);
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    into.put(name + ".bytesPerOp", e.getValue().getScore());
                }
            }
        }
    }
}
