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
            FeatureClient openAi = f.openAi.feature(Fixtures.FEATURE);
            FeatureClient bedrock = f.bedrock.feature(Fixtures.FEATURE);
            openAi.generate(Fixtures.INPUTS);
            byte[] body = f.server.lastChatBody;
            var template = Fixtures.template(f.openAi, dev.duo.model.ModelFamily.MISTRAL);
            var feature = Fixtures.feature(f.openAi);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long n = 0;
            long switches0 = contextSwitches();
            while (System.nanoTime() < end) {
                switch (what) {
                    case "openai" -> openAi.generate(Fixtures.INPUTS);
                    case "bedrock" -> bedrock.generate(Fixtures.INPUTS);
                    case "rawbedrock" -> peers.rawBedrock();
                    case "raw" -> peers.rawOkHttp(body);
                    case "render" -> template.render(feature, Fixtures.INPUTS);
                    default -> throw new IllegalArgumentException(what);
                }
                n++;
            }
            long switches = contextSwitches() - switches0;
            System.out.printf("%s: %d calls, %.1f us/call, %.1f context switches/call (client and server threads)%n",
                    what, n, seconds * 1e6 / n, (double) switches / n);
        }
        System.exit(0);
    }
}
