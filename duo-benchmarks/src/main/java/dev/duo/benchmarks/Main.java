package dev.duo.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the whole comparison and prints a table of ratios (Duo / raw, Duo / LangChain4j), also written
 * as JSON. {@code --quick} (a few minutes) or the full run; {@code --out FILE} for the JSON
 * (default {@code duo-benchmarks/target/benchmark-results.json}, or {@code target/...} when run from
 * inside the module). Plain JMH is there too: {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 *
 * <pre>{@code
 * java -jar duo-benchmarks/target/benchmarks.jar --quick
 * }</pre>
 */
public final class Main {

    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path out = defaultOut();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("run", Map.of("quick", quick, "at", Instant.now().toString(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "cpus", Runtime.getRuntime().availableProcessors()));

        Map<String, Double> jmh = new LinkedHashMap<>();
        runJmh(quick, jmh);
        results.put("jmh", jmh);

        Map<String, Object> harness = new LinkedHashMap<>();
        try (Fixtures f = Fixtures.start(); Peers peers = new Peers(f)) {
            Harness h = new Harness(f, peers);
            int warm = quick ? 5000 : 20000;
            int calls = quick ? 200 : 1000;
            Map<String, Object> streaming = new LinkedHashMap<>();
            streaming.put("chunks", f.server.streamChunks);
            streaming.put("spacingMs", f.server.chunkSpacingNanos / 1e6);
            streaming.put("openAiRawSse", Harness.asMap(h.timeStreams(h.rawSse(), warm, calls)));
            streaming.put("openAiDuo", Harness.asMap(h.timeStreams(h.duoOpenAiStream(), warm, calls)));
            streaming.put("bedrockRawSdk", Harness.asMap(h.timeStreams(h.rawBedrockStream(), warm, calls)));
            streaming.put("bedrockDuo", Harness.asMap(h.timeStreams(h.duoBedrockStream(), warm, calls)));
            harness.put("streaming", streaming);

            long warmMs = quick ? 1000 : 3000;
            long measureMs = quick ? 3000 : 10000;
            List<Object> conc = new ArrayList<>();
            for (int callers : new int[] {1, 16, 256}) {
                conc.add(Map.of("callers", callers,
                        "raw", h.throughput(h.rawCall(), callers, warmMs, measureMs),
                        "duo", h.throughput(h.duoCall(), callers, warmMs, measureMs)));
            }
            harness.put("concurrency", conc);
            harness.put("inFlightRaw", h.inFlight(false, 256));
            harness.put("inFlightDuo", h.inFlight(true, 256));
        }
        results.put("harness", harness);

        String table = Report.table(results);
        System.out.println();
        System.out.println(table);
        results.put("table", table);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writeValue(out.toFile(), results);
        System.out.println("Written to " + out);
        System.exit(0);
    }

    private static Path defaultOut() {
        Path module = Path.of("duo-benchmarks");
        return Files.isDirectory(module) ? module.resolve("target/benchmark-results.json")
                : Path.of("target/benchmark-results.json");
    }

    private static void runJmh(boolean quick, Map<String, Double> into) throws Exception {
        ChainedOptionsBuilder calls = common(quick)
                .include(CallBenchmarks.class.getName() + ".*")
                .include(ResolutionBenchmarks.class.getName() + ".*")
                .include(NewClientBenchmark.class.getName() + ".*")
                // The AWS SDK and Jinjava paths take several seconds of calls to be compiled.
                .warmupIterations(quick ? 6 : 8).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 5 : 10).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .forks(quick ? 1 : 2);
        collect(new Runner(calls.build()).run(), into);
        ChainedOptionsBuilder cold = common(quick)
                .include(ColdStartBenchmark.class.getName() + ".*")
                .warmupIterations(0).measurementIterations(1).forks(quick ? 5 : 10);
        collect(new Runner(cold.build()).run(), into);
    }

    private static ChainedOptionsBuilder common(boolean quick) {
        return new OptionsBuilder().jvmArgs("-Xms1g", "-Xmx1g").verbosity(quick ? VerboseMode.NORMAL : VerboseMode.NORMAL)
                .timeUnit(TimeUnit.MICROSECONDS).shouldFailOnError(true);
    }

    private static void collect(Collection<RunResult> runs, Map<String, Double> into) {
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
            scores.sort(null);
            int n = scores.size();
            double median = n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
            into.put(name, median);
            into.put(name + ".mean", r.getPrimaryResult().getScore());
            into.put(name + ".error", r.getPrimaryResult().getScoreError());
            into.put(name + ".iterations", (double) n);
        }
    }
}
