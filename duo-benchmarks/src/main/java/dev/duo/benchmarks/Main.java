package dev.duo.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the whole comparison and prints the goal table (every row of the performance goals, the
 * goal beside each, met or missed) and the detailed table, both as Markdown, also written as JSON.
 * The loopback server runs in a JVM of its own; start-up is measured in fresh JVMs; the
 * 10,000-stream row in a Java 21+ JVM.
 *
 * <p>Options: {@code --quick} (a few minutes) or the full run; {@code --out FILE} for the JSON
 * (default {@code duo-benchmarks/target/benchmark-results.json}, or {@code target/...} inside the
 * module); {@code --java21 PATH} a Java 21+ JDK for the stream row ({@code none} skips it; default: this
 * JVM if 21+, else {@code /usr/lib/jvm/temurin-25-jdk-amd64}); {@code --duo-jar PATH} the {@code duo}
 * command's jar (default {@code examples/target/duo.jar}); {@code --streams N} (default 10,000).
 * Plain JMH is there too: {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
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
        List<String> a = List.of(args);
        String unknown = unknownOption(args);
        if (unknown != null || a.contains("--help")) {
            System.out.println((unknown == null || unknown.equals("--help") ? "" : "unknown option " + unknown + "\n")
                    + "usage: java -jar benchmarks.jar [--quick] [--out FILE] [--java21 PATH|none] [--duo-jar PATH] [--streams N]");
            System.exit(unknown == null || unknown.equals("--help") ? 0 : 2);
        }
        boolean quick = a.contains("--quick");
        Path out = Path.of(option(args, "--out", defaultOut().toString()));
        String java21 = option(args, "--java21", null);
        if (java21 != null) {
            System.setProperty("duo.bench.java21", java21);
        }
        int streams = Integer.parseInt(option(args, "--streams", "10000"));
        LoadAverage load = LoadAverage.start();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("run", Map.of("quick", quick, "at", Instant.now().toString(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "cpus", Runtime.getRuntime().availableProcessors()));

        // Start-up first, while nothing else of this run is busy.
        Path work = Files.createTempDirectory("duo-bench-");
        int starts = quick ? 5 : 11;
        log("cold start: " + starts + " fresh JVMs, plain and with an AppCDS archive");
        results.put("coldStart", StartupRuns.coldStart(starts, work));
        log("duo features list: " + starts + " fresh JVMs each way");
        results.put("featuresList", StartupRuns.featuresList(StartupRuns.findDuoJar(option(args, "--duo-jar", null)), starts, work));

        try (ServerProcess server = ServerProcess.start()) {
            System.setProperty(ServerProcess.PORT_PROPERTY, Integer.toString(server.port()));
            Map<String, Object> jmh = new LinkedHashMap<>();
            JmhRuns.run(quick, server.port(), jmh);
            results.put("jmh", jmh);
            try (Fixtures f = Fixtures.start(); Peers peers = new Peers(f)) {
                measureInThisJvm(quick, f, peers, results);
            }
        }
        results.put("manyStreams", manyStreams(streams, quick));
        results.put("load", load.stop());

        List<Goals.Row> goals = Goals.rows(results);
        results.put("goals", goals);
        String table = Goals.markdown(goals, results) + "\n" + Report.table(results);
        System.out.println();
        System.out.println(table);
        results.put("table", table);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writeValue(out.toFile(), results);
        System.out.println("Written to " + out);
        System.exit(0);
    }

    private static void measureInThisJvm(boolean quick, Fixtures f, Peers peers, Map<String, Object> results)
            throws InterruptedException {
        Harness h = new Harness(f, peers);
        int rounds = quick ? 21 : 41;
        log("calls: raw OkHttp, Duo, LangChain4j in " + rounds + " alternating rounds");
        Map<String, Supplier<String>> calls = new LinkedHashMap<>();
        calls.put("raw", h.rawCall());
        calls.put("duo", h.duoCall());
        calls.put("langChain4j", peers::langChain4j);
        Rounds.Result c = Rounds.run(calls, quick ? 10000 : 30000, rounds, quick ? 500 : 1000);
        Map<String, Object> callMap = c.asMap();
        callMap.put("duoMinusRawMicros", c.difference("duo", "raw"));
        callMap.put("duoOverRaw", c.ratio("duo", "raw"));
        callMap.put("langChain4jOverDuo", c.ratio("langChain4j", "duo"));
        results.put("calls", callMap);

        // Bedrock's three runs have the full run's rounds even in a quick one: a Converse call is 2-3x an OpenAI
        // call and far noisier (the SDK allocates ~70 KB a call). On a machine at load 16, 14 runs of 21 rounds
        // of 500 calls gave medians from 1.02 to 1.17, and one of 3.0 (a disturbed stretch covering most of its
        // rounds); 6 runs of 41 rounds of 1,000 gave 0.94 to 1.10. About 25 s more.
        int bedrockRounds = 41;
        int bedrockCalls = 1000;
        log("Bedrock: raw AWS SDK and Duo, three runs of " + bedrockRounds + " alternating rounds, in turns of "
                + Rounds.BEDROCK_BLOCK + " calls");
        Map<String, Supplier<String>> bedrock = new LinkedHashMap<>();
        bedrock.put("rawSdk", peers::rawBedrock);
        bedrock.put("duo", h.duoBedrockCall());
        List<Object> bedrockRuns = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            // The AWS SDK's path takes tens of thousands of calls to be compiled: the first run warms it.
            Rounds.Result b = Rounds.run(bedrock, run == 0 ? (quick ? 20000 : 50000) : 1000, bedrockRounds, bedrockCalls,
                    Rounds.BEDROCK_BLOCK);
            Map<String, Object> m = b.asMap();
            m.put("duoOverRaw", b.ratio("duo", "rawSdk"));
            bedrockRuns.add(m);
        }
        results.put("bedrock", bedrockRuns);

        log("streams: first and last chunk, raw and Duo");
        // Enough for C2: a stream's own path (the runtime's stream call, the SSE reader) runs once per
        // stream, and after 3,000 warm streams it was still C1's profiling code (tier 3) in the timing.
        int warm = quick ? 12000 : 20000;
        int n = quick ? 200 : 1000;
        Map<String, Object> streaming = new LinkedHashMap<>();
        streaming.put("chunks", f.server.streamChunks());
        streaming.put("spacingMs", f.server.chunkSpacingNanos() / 1e6);
        // Each protocol's clients in alternating rounds (Harness.timeStreams). Also raw OkHttp enqueued (read on
        // the dispatcher's thread, as a non-blocking API must): the hand-off between threads that Duo's
        // stream() also makes, which a loaded machine makes slower.
        Map<String, Harness.StreamOnce> openAiStreams = new LinkedHashMap<>();
        openAiStreams.put("openAiRawSse", h.rawSse());
        openAiStreams.put("openAiRawSseAsync", h.rawSseAsync());
        openAiStreams.put("openAiDuo", h.duoOpenAiStream());
        // And Duo's stream that the caller waits for, read on the caller's thread as raw OkHttp's blocking read is.
        openAiStreams.put("openAiDuoWaited", h.duoOpenAiStreamHere());
        h.timeStreams(openAiStreams, warm, n).forEach((k, t) -> streaming.put(k, Harness.asMap(t)));
        Map<String, Harness.StreamOnce> bedrockStreams = new LinkedHashMap<>();
        bedrockStreams.put("bedrockRawSdk", h.rawBedrockStream());
        bedrockStreams.put("bedrockDuo", h.duoBedrockStream());
        h.timeStreams(bedrockStreams, warm, n).forEach((k, t) -> streaming.put(k, Harness.asMap(t)));
        results.put("streaming", streaming);

        log("throughput under 1, 16 and 256 callers");
        long warmMs = quick ? 1000 : 3000;
        long measureMs = quick ? 2000 : 10000;
        List<Object> conc = new ArrayList<>();
        for (int callers : new int[] {1, 16, 256}) {
            conc.add(Map.of("callers", callers,
                    "raw", h.throughput(h.rawCall(), callers, warmMs, measureMs),
                    "duo", h.throughput(h.duoCall(), callers, warmMs, measureMs)));
        }
        results.put("concurrency", conc);
        results.put("inFlightRaw", h.inFlight(false, 256));
        results.put("inFlightDuo", h.inFlight(true, 256));
    }

    /** The many-streams row in a Java 21+ JVM of its own, or why it was skipped. */
    private static Map<String, Object> manyStreams(int n, boolean quick) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("streams", n);
        var jdk = ServerProcess.java21();
        if (jdk.isEmpty()) {
            m.put("skipped", "no Java 21+ JDK (this JVM is " + Runtime.version() + "; pass --java21 PATH)");
            return m;
        }
        Path java = jdk.get().resolve("bin/java");
        log(n + " concurrent streams in a JVM of " + jdk.get() + ", against a server on the same JDK (virtual threads)");
        ChildJvm.Run r;
        try (ServerProcess server = ServerProcess.start(java.toString())) {
            List<String> cmd = List.of(java.toString(), "-Xms2g", "-Xmx2g", "-D" + ServerProcess.PORT_PROPERTY + "=" + server.port(),
                    "-cp", StartupRuns.absoluteClassPath(), ManyStreams.class.getName(), Integer.toString(n),
                    Long.toString(quick ? 120 : 300));
            r = ChildJvm.run(cmd, Path.of("."), 900);
        }
        String line = r.line("STREAMS ");
        if (r.exitCode() != 0 || line == null) {
            m.put("skipped", "the stream JVM failed (exit " + r.exitCode() + "): "
                    + r.stdout().substring(Math.max(0, r.stdout().length() - 2000)));
            return m;
        }
        String[] p = line.split(" ");
        m.put("java", p[5]);
        m.put("inFlight", Integer.parseInt(p[1]));
        m.put("heapKiBPerStream", Double.parseDouble(p[2]));
        m.put("platformThreads", Integer.parseInt(p[3]));
        m.put("secondsToInFlight", Double.parseDouble(p[4]));
        // Which platform threads they were, numbers taken out of the names: a count alone does not say what grew.
        m.put("platformThreadsByName", ThreadCensus.parse(r.line("THREADS ")));
        return m;
    }

    static void log(String what) {
        System.out.printf("# [%s, load %.2f] %s%n", Instant.now().toString().substring(11, 19), LoadAverage.now(), what);
    }

    /** The first argument that is neither a known option nor the value of one; null when all are known. */
    static String unknownOption(String[] args) {
        List<String> withValue = List.of("--out", "--java21", "--duo-jar", "--streams");
        for (int i = 0; i < args.length; i++) {
            if (withValue.contains(args[i]) && i + 1 < args.length) {
                i++;
            } else if (!args[i].equals("--quick")) {
                return args[i];
            }
        }
        return null;
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    private static Path defaultOut() {
        Path module = Path.of("duo-benchmarks");
        return Files.isDirectory(module) ? module.resolve("target/benchmark-results.json")
                : Path.of("target/benchmark-results.json");
    }
}
