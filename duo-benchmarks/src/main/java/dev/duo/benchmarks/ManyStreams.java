package dev.duo.benchmarks;

/**
 * Thousands of Duo streams held in flight at once, in a JVM of its own (Main starts it with a Java
 * 21+ JDK, where the HTTP client's dispatcher runs on virtual threads), against the parent's loopback
 * server. Prints {@code STREAMS <n> <in flight> <heap KiB per stream> <platform threads> <seconds>
 * <java version>}, then {@code THREADS name=count;...}: the platform threads counted, grouped by name
 * with the numbers taken out ({@link ThreadCensus}).
 *
 * <pre>{@code
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx2g -Dduo.bench.server=PORT \
 *     -cp duo-benchmarks/target/benchmarks.jar dev.duo.benchmarks.ManyStreams 10000
 * }</pre>
 */
public final class ManyStreams {

    private ManyStreams() {
    }

    /** Entry point: how many streams, and the bound in seconds for them all to be in flight. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long bound = args.length > 1 ? Long.parseLong(args[1]) : 120;
        try (Fixtures f = Fixtures.start()) {
            Harness h = new Harness(f, null);
            h.timeStreams(h.duoOpenAiStream(), 1000, 1);
            Harness.InFlight r = h.inFlight(true, n, bound);
            System.out.printf(java.util.Locale.ROOT, "STREAMS %d %d %.1f %d %.1f %s%n", r.streams(), r.inFlight(),
                    r.heapKiBPerStream(), r.platformThreads(), r.secondsToAllInFlight(), Runtime.version());
            System.out.println("THREADS " + r.threads().line());
        }
        System.exit(0);
    }
}
