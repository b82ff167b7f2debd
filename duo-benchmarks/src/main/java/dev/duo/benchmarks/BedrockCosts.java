package dev.duo.benchmarks;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Where a Bedrock call's time goes, beside the raw AWS SDK's, in measures the machine's load moves
 * little: CPU of the caller's thread and of the whole process, context switches and CPU time of each thread
 * (voluntary and not), bytes allocated on the caller's thread, all per call, in alternating rounds
 * in one JVM (the loopback server in a JVM of its own), and GC per call. Beside the raw client and
 * Duo, raw clients given some of the settings of Duo's SDK client ({@code -Dvariants=apache,timeout,
 * interceptor,all}; empty for none): the Apache client's timeouts, the attempt timeout on a timer
 * pool like Duo's, the response size limit. With {@code -Dprofile=start,event=cpu,interval=20us}
 * (async-profiler's API jar on the class path, {@code -Dprofiler.lib=} its library) the rounds are
 * profiled into {@code -Dprofile.out=} (collapsed stacks: Duo's under {@code duoBedrockCall}, the
 * raw client's under {@code Peers.rawBedrock}).
 *
 * <pre>{@code
 * java -Dvariants= -cp duo-benchmarks/target/benchmarks.jar dev.duo.benchmarks.BedrockCosts 20 1000
 * }</pre>
 */
final class BedrockCosts {

    private BedrockCosts() {
    }

    /** Entry point: rounds and calls per round. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (Fixtures f = Fixtures.start(); Peers peers = new Peers(f)) {
            Harness h = new Harness(f, peers);
            Map<String, Supplier<String>> clients = new LinkedHashMap<>();
            clients.put("rawSdk", peers::rawBedrock);
            clients.put("duo", h.duoBedrockCall());
            String only = System.getProperty("variants", "apache,timeout,interceptor,all");
            for (String v : only.split(",")) {
                if (!v.isBlank()) {
                    var c = rawLikeDuo(f, v.equals("all") ? "apache,timeout,interceptor" : v);
                    clients.put("raw+" + v, () -> c.converse(peers.bedrockRequest()).output().message().content().get(0).text());
                }
            }
            for (String n : clients.keySet()) {
                for (int i = 0; i < 20000; i++) {
                    clients.get(n).get();
                }
            }
            // Through sample() itself: its /proc reads, compiled only in the first timed rounds, had the
            // compiler threads take 13-28 us of CPU a call in them.
            Rounds.untilTheJitIsQuiet(() -> clients.values().forEach(c -> sample(c, calls)));
            String profile = System.getProperty("profile");   // async-profiler's command, e.g. start,event=cpu,interval=50us
            Object profiler = null;
            if (profile != null) {
                profiler = Class.forName("one.profiler.AsyncProfiler").getMethod("getInstance", String.class)
                        .invoke(null, System.getProperty("profiler.lib", "/tmp/ap/x/linux-x64/libasyncProfiler.so"));
                profiler.getClass().getMethod("execute", String.class).invoke(profiler, profile);
            }
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            clients.keySet().forEach(n -> samples.put(n, new ArrayList<>()));
            List<String> names = new ArrayList<>(clients.keySet());
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String n = names.get((r + k) % names.size());
                    samples.get(n).add(sample(clients.get(n), calls));
                }
            }
            if (profiler != null) {
                profiler.getClass().getMethod("execute", String.class).invoke(profiler,
                        "stop,file=" + System.getProperty("profile.out", "/tmp/bedrock-costs.collapsed"));
            }
            samples.forEach((n, s) -> System.out.println(n + ": " + summary(s)));
            List<Sample> base = samples.get(names.get(0));
            for (String n : names.subList(1, names.size())) {
                List<Sample> x = samples.get(n);
                double[] wall = new double[rounds];
                double[] cpu = new double[rounds];
                double[] bytes = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    wall[r] = x.get(r).wallMicros() / base.get(r).wallMicros();
                    cpu[r] = x.get(r).callerCpuMicros() / base.get(r).callerCpuMicros();
                    bytes[r] = x.get(r).callerBytes() - base.get(r).callerBytes();
                }
                System.out.printf("%s / %s: wall %.3f, caller CPU %.3f, %.0f B more allocated per call (medians of the rounds')%n",
                        n, names.get(0), Rounds.median(wall), Rounds.median(cpu), Rounds.median(bytes));
            }
        }
        System.exit(0);
    }

    /** The raw SDK client with some of Duo's sync client's settings ({@code what}: apache, timeout, interceptor). */
    static software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient rawLikeDuo(Fixtures f, String what) {
        var http = software.amazon.awssdk.http.apache5.Apache5HttpClient.builder().maxConnections(256);
        if (what.contains("apache")) {
            http.connectionTimeout(java.time.Duration.ofSeconds(10)).socketTimeout(java.time.Duration.ofSeconds(60))
                    .connectionAcquisitionTimeout(java.time.Duration.ofSeconds(10));
        }
        var creds = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                Fixtures.ENV.get("AWS_ACCESS_KEY_ID"), Fixtures.ENV.get("AWS_SECRET_ACCESS_KEY")));
        var timers = new java.util.concurrent.ScheduledThreadPoolExecutor(2);
        timers.setRemoveOnCancelPolicy(true);
        timers.scheduleAtFixedRate(() -> { }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        return software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient.builder()
                .httpClientBuilder(http)
                .region(software.amazon.awssdk.regions.Region.of(Fixtures.REGION)).endpointOverride(f.server.bedrockEndpoint())
                .credentialsProvider(creds)
                .overrideConfiguration(o -> {
                    o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry());
                    if (what.contains("timeout")) {
                        o.apiCallAttemptTimeout(java.time.Duration.ofSeconds(60)).scheduledExecutorService(timers);
                    }
                    if (what.contains("interceptor")) {
                        o.addExecutionInterceptor(new dev.duo.bedrock.internal.ResponseSizeLimit());
                    }
                })
                .build();
    }

    /** Per-call figures of one round of one client. */
    record Sample(double wallMicros, double callerCpuMicros, double processCpuMicros, double callerBytes,
            double gcPausesPerKiloCall, double gcMicros, Map<String, double[]> byThread) {
    }

    static Sample sample(Supplier<String> client, int calls) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long id = Thread.currentThread().getId();
        Map<String, long[]> s0 = threadCounters();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long b0 = threads.getThreadAllocatedBytes(id);
        long[] gc0 = gc();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            client.get();
        }
        long t1 = System.nanoTime();
        long[] gc1 = gc();
        long b1 = threads.getThreadAllocatedBytes(id);
        long p1 = os.getProcessCpuTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        Map<String, long[]> s1 = threadCounters();
        Map<String, double[]> d = new TreeMap<>();
        s1.forEach((name, v) -> {
            long[] before = s0.getOrDefault(name, new long[3]);
            double vol = (double) (v[0] - before[0]) / calls;
            double inv = (double) (v[1] - before[1]) / calls;
            double cpu = (v[2] - before[2]) / 1e3 / calls;
            if (vol > 0.001 || inv > 0.001 || cpu > 0.01) {
                d.put(name, new double[] {vol, inv, cpu});
            }
        });
        return new Sample((t1 - t0) / 1e3 / calls, (cpu1 - cpu0) / 1e3 / calls, (p1 - p0) / 1e3 / calls,
                (double) (b1 - b0) / calls, (gc1[0] - gc0[0]) * 1000.0 / calls, (gc1[1] - gc0[1]) * 1000.0 / calls, d);
    }

    /** Collections so far and their total time (ms), every collector of this JVM. */
    static long[] gc() {
        long n = 0;
        long ms = 0;
        for (var b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    /** Voluntary and involuntary context switches and CPU time (ns) so far of each live thread, summed by name (digits dropped). */
    static Map<String, long[]> threadCounters() {
        Map<String, long[]> out = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (File t : tasks) {
            try {
                String name = Files.readString(new File(t, "comm").toPath()).trim().replaceAll("[0-9]+", "#");
                long vol = 0;
                long inv = 0;
                for (String line : Files.readAllLines(new File(t, "status").toPath())) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        vol = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        inv = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                // schedstat's first field: nanoseconds this thread has run on a CPU
                long ran = Long.parseLong(Files.readString(new File(t, "schedstat").toPath()).trim().split(" ")[0]);
                long[] sum = out.computeIfAbsent(name, k -> new long[3]);
                sum[0] += vol;
                sum[1] += inv;
                sum[2] += ran;
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    static String summary(List<Sample> s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("wall %.1f us, caller CPU %.1f us, process CPU %.1f us, caller %.0f B allocated;"
                + " GC: %.2f collections per 1,000 calls, %.2f us per call (means)",
                median(s, Sample::wallMicros), median(s, Sample::callerCpuMicros), median(s, Sample::processCpuMicros),
                median(s, Sample::callerBytes), s.stream().mapToDouble(Sample::gcPausesPerKiloCall).average().orElse(0),
                s.stream().mapToDouble(Sample::gcMicros).average().orElse(0)));
        Map<String, List<double[]>> byThread = new TreeMap<>();
        for (Sample x : s) {
            x.byThread().forEach((n, v) -> byThread.computeIfAbsent(n, k -> new ArrayList<>()).add(v));
        }
        byThread.forEach((n, v) -> {
            double[] vol = v.stream().mapToDouble(a -> a[0]).toArray();
            double[] inv = v.stream().mapToDouble(a -> a[1]).toArray();
            double[] cpu = v.stream().mapToDouble(a -> a[2]).toArray();
            sb.append(String.format("%n    %-28s switches/call: voluntary %.3f, involuntary %.3f; CPU %.2f us/call (in %d of %d rounds)",
                    n, Arrays.stream(vol).sum() / s.size(), Arrays.stream(inv).sum() / s.size(),
                    Arrays.stream(cpu).sum() / s.size(), v.size(), s.size()));
        });
        return sb.toString();
    }

    private static double median(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return Rounds.median(s.stream().mapToDouble(f).toArray());
    }
}
