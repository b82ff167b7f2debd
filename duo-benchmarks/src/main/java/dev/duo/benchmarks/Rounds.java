package dev.duo.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Clients timed side by side in alternating rounds: each round times {@code calls} calls of every
 * client (all of one client's, or in turns of a block of calls), the order rotating from round to
 * round (and turn to turn), so that a burst of other work on a shared machine lands on every
 * client alike. Ratios are taken within each round, then the median over the rounds:
 * a round disturbed by a neighbour moves the median far less than it moves a mean.
 *
 * <pre>{@code
 * Rounds.Result r = Rounds.run(Map.of("raw", raw, "duo", duo), 3000, 15, 500);
 * double duoOverRaw = r.ratio("duo", "raw");
 * }</pre>
 */
final class Rounds {

    private Rounds() {
    }

    /** Microseconds per call of each client in each round, and how many calls a client made in one turn. */
    record Result(Map<String, double[]> microsPerRound, int rounds, int callsPerRound, int callsPerTurn) {

        /** The median over the rounds of a client's µs per call. */
        double micros(String client) {
            return median(microsPerRound.get(client));
        }

        /** The median over the rounds of {@code a}'s time over {@code b}'s in the same round. */
        double ratio(String a, String b) {
            double[] x = microsPerRound.get(a);
            double[] y = microsPerRound.get(b);
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = x[i] / y[i];
            }
            return median(r);
        }

        /** The median over the rounds of {@code a}'s µs per call minus {@code b}'s in the same round. */
        double difference(String a, String b) {
            double[] x = microsPerRound.get(a);
            double[] y = microsPerRound.get(b);
            double[] d = new double[x.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = x[i] - y[i];
            }
            return median(d);
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rounds", rounds);
            m.put("callsPerRound", callsPerRound);
            m.put("callsPerTurn", callsPerTurn);
            microsPerRound.forEach((k, v) -> {
                m.put(k + ".medianMicros", median(v));
                m.put(k + ".microsPerRound", Arrays.stream(v).map(d -> Math.round(d * 10) / 10.0).toArray());
            });
            return m;
        }
    }

    /**
     * Warms each client with {@code warmCalls} calls (the JIT compiles the paths), then all of them in
     * turn until the JIT is quiet ({@link #untilTheJitIsQuiet}), then runs the rounds.
     * Each client's answer must be non-null (a broken client fails the run rather than looking fast).
     */
    static Result run(Map<String, Supplier<String>> clients, int warmCalls, int rounds, int callsPerRound) {
        return run(clients, warmCalls, rounds, callsPerRound, callsPerRound);
    }

    /**
     * As {@link #run(Map, int, int, int)}, the clients taking turns within each round in blocks of
     * {@code block} calls (see {@link #BEDROCK_BLOCK}).
     */
    static Result run(Map<String, Supplier<String>> clients, int warmCalls, int rounds, int callsPerRound, int block) {
        List<String> names = new ArrayList<>(clients.keySet());
        for (String n : names) {
            Supplier<String> c = clients.get(n);
            for (int i = 0; i < warmCalls; i++) {
                check(c.get(), n);
            }
        }
        untilTheJitIsQuiet(() -> {   // every client in turn, so that the JIT sees them all
            for (String n : names) {
                Supplier<String> c = clients.get(n);
                for (int i = 0; i < callsPerRound; i++) {
                    check(c.get(), n);
                }
            }
        });
        return timed(clients, rounds, callsPerRound, block);
    }

    /** The timed rounds of {@link #run(Map, int, int, int, int)}, without its warm-up. */
    static Result timed(Map<String, Supplier<String>> clients, int rounds, int callsPerRound, int block) {
        List<String> names = new ArrayList<>(clients.keySet());
        Map<String, double[]> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, new double[rounds]));
        long[] nanos = new long[names.size()];
        for (int round = 0; round < rounds; round++) {
            Arrays.fill(nanos, 0);
            for (int done = 0, turn = 0; done < callsPerRound; done += block, turn++) {
                int calls = Math.min(block, callsPerRound - done);
                for (int k = 0; k < names.size(); k++) {
                    int who = (round + turn + k) % names.size();
                    String n = names.get(who);
                    Supplier<String> c = clients.get(n);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        check(c.get(), n);
                    }
                    nanos[who] += System.nanoTime() - t0;
                }
            }
            for (int k = 0; k < names.size(); k++) {
                out.get(names.get(k))[round] = nanos[k] / 1e3 / callsPerRound;
            }
        }
        return new Result(out, rounds, callsPerRound, Math.min(block, callsPerRound));
    }

    /**
     * The block of Bedrock's rounds. A round of 1,000 Bedrock calls per client took about 170 ms a
     * client; the machine's speed drifted within that, so the ratio of the two clients' rounds spread
     * widely (quartiles 1.03-1.15) and the median of 41 rounds moved from run to run. In blocks of 10
     * calls both clients see the same drift (quartiles 1.06-1.11), while the ratio of their total
     * times stays where it was (1.07-1.11 in whole rounds, 1.08-1.09 in blocks, three runs each in
     * one JVM). The OpenAI calls keep whole rounds: in blocks of 10 among three clients every client
     * slowed (raw OkHttp 53-75 µs a call against 46-49) and Duo more, LangChain4j's work evicting
     * the others' every 10 calls (Duo / raw up to 1.37 against 0.93-1.24).
     */
    static final int BEDROCK_BLOCK = 10;

    /** The longest the warm-up goes on waiting for the JIT to finish. */
    static final long MAX_WARM_NANOS = 60_000_000_000L;

    /**
     * Runs {@code pass} again and again until the JIT compiles nothing in two passes running (at most
     * {@link #MAX_WARM_NANOS}). A fixed number of warm calls ended while C2 was still compiling the
     * larger paths: on two cores its threads then took the CPU from the timing, more from the client
     * with more code to compile, and the timing measured the JIT, not the clients.
     */
    static void untilTheJitIsQuiet(Runnable pass) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long start = System.nanoTime();
        long before = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() - start < MAX_WARM_NANOS) {
            pass.run();
            long now = jit.getTotalCompilationTime();
            // The total grows only when a compile ends: a long C2 compile in progress (or a queue of them,
            // on a loaded machine) looked quiet, and ran on into the timing.
            quiet = now == before && compilerIdle() ? quiet + 1 : 0;
            before = now;
        }
    }

    /** Whether no compile is running or queued (the JVM's Compiler.queue diagnostic command); true where it is absent. */
    static boolean compilerIdle() {
        String queue;
        try {
            queue = String.valueOf(java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()}));
        } catch (javax.management.JMException | RuntimeException e) {
            return true;
        }
        return idle(queue);
    }

    /**
     * Whether a {@code Compiler.queue} text shows nothing running or waiting: "Current compiles:" then one
     * line per compile running, then "C1 compile queue:" and "C2 compile queue:", each followed by
     * "Empty" or one line per compile waiting.
     */
    static boolean idle(String queue) {
        for (String line : queue.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("Current compiles:") && !l.endsWith("compile queue:") && !l.equals("Empty")) {
                return false;
            }
        }
        return true;
    }

    private static void check(String answer, String who) {
        if (answer == null) {
            throw new IllegalStateException(who + " returned no answer");
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
