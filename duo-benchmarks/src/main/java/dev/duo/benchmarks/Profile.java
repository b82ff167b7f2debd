package dev.duo.benchmarks;

import dev.duo.FeatureClient;

/**
 * Runs one kind of call in a loop for a while, for a profiler (JFR works everywhere):
 * {@code java -XX:StartFlightRecording=filename=duo.jfr,settings=profile -cp benchmarks.jar
 * dev.duo.benchmarks.Profile openai|bedrock|raw|rawbedrock|render|cold 20}.
 */
public final class Profile {

    private Profile() {
    }

    /** Voluntary context switches of this process's live threads so far (Linux), 0 elsewhere. */
    static long contextSwitches() {
        long sum = 0;
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return 0;
        }
        for (java.io.File t : tasks) {
            try {
                for (String line : java.nio.file.Files.readAllLines(new java.io.File(t, "status").toPath())) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return sum;
    }

    /** Entry point: what to run, and for how many seconds. */
    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "openai";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        if (what.equals("cold")) {
            long t0 = System.nanoTime();
            new ColdStartBenchmark().coldStart();
            System.out.printf("cold start: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            for (int i = 1; i <= seconds; i++) {
                long t = System.nanoTime();
                new ColdStartBenchmark().coldStart();
                System.out.printf("client %d: %.1f ms%n", i + 1, (System.nanoTime() - t) / 1e6);
            }
            System.exit(0);
        }
        try (Fixtures f = Fixtures.start(); Peers peers = new Peers(f)) {
            if (what.equals("streams")) {
                Harness.streamCpu = true;
                Harness h = new Harness(f, peers);
                for (int round = 0; round < 2; round++) {
                    for (String name : new String[] {"raw", "rawasync", "duo", "rawbedrock", "duobedrock"}) {
                        Harness.StreamOnce once = switch (name) {
                            case "raw" -> h.rawSse();
                            case "rawasync" -> h.rawSseAsync();
                            case "duo" -> h.duoOpenAiStream();
                            case "rawbedrock" -> h.rawBedrockStream();
                            default -> h.duoBedrockStream();
                        };
                        int n = (int) seconds * 50;
                        long[] sent = new long[n];
                        long[] first = new long[n];
                        long[] last = new long[1];
                        h.timeStreams(once, 5000, 1);
                        long c0 = f.server.connectionCount();
                        long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
                        long[] ret = new long[n];
                        long[] cpu = new long[n];
                        for (int i = 0; i < n; i++) {
                            long start = System.nanoTime();
                            first[i] = once.run(start, last);
                            ret[i] = Harness.lastStreamReturnNanos;
                            cpu[i] = Harness.lastStreamCpuNanos;
                            sent[i] = f.server.lastRequestNanos() - start;
                        }
                        java.util.Arrays.sort(sent);
                        java.util.Arrays.sort(ret);
                        java.util.Arrays.sort(cpu);
                        if (name.startsWith("duo")) {
                            System.out.printf("%-11s stream() returned after %.3f ms, %.3f ms CPU (medians)%n", name,
                                    ret[n / 2] / 1e6, cpu[n / 2] / 1e6);
                        }
                        java.util.Arrays.sort(first);
                        System.out.printf("%-11s request read by the server after %.3f ms, first chunk after %.3f ms (medians),"
                                + " %d new connections and %d new threads for %d streams%n",
                                name, sent[n / 2] / 1e6, first[n / 2] / 1e6, f.server.connectionCount() - c0,
                                java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - t0, n);
                    }
                }
                System.exit(0);
            }
            FeatureClient openAi = f.openAi.feature(Fixtures.FEATURE);
            FeatureClient bedrock = f.bedrock.feature(Fixtures.FEATURE);
            openAi.generate(Fixtures.INPUTS);
            byte[] body = f.server.lastChatBody();
            var template = Fixtures.template(f.openAi, dev.duo.model.ModelFamily.MISTRAL);
            var feature = Fixtures.feature(f.openAi);
            Harness streamer = new Harness(f, peers);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long n = 0;
            long switches0 = contextSwitches();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime() - f.server.cpuNanosInThisProcess();
            while (System.nanoTime() < end) {
                switch (what) {
                    case "openai" -> openAi.generate(Fixtures.INPUTS);
                    case "bedrock" -> bedrock.generate(Fixtures.INPUTS);
                    case "rawbedrock" -> peers.rawBedrock();
                    case "rawbedrocktimeouts" -> peers.rawBedrockWithRequestTimeouts();
                    case "raw" -> peers.rawOkHttp(body);
                    case "render" -> template.render(feature, Fixtures.INPUTS);
                    case "duostream" -> streamer.duoOpenAiStream().run(System.nanoTime(), new long[1]);
                    default -> throw new IllegalArgumentException(what);
                }
                n++;
            }
            long switches = contextSwitches() - switches0;
            double cpu = (os.getProcessCpuTime() - f.server.cpuNanosInThisProcess() - cpu0) / 1e3 / n;
            System.out.printf("%s: %d calls, %.1f us/call, %.1f us CPU/call (server's excluded), %.1f context switches/call"
                    + " (client and server threads)%n", what, n, seconds * 1e6 / n, cpu, (double) switches / n);
        }
        System.exit(0);
    }
}
