package dev.duo.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * CPU time per operation of the {@link ObservabilityBenchmarks}, read from the thread's CPU clock:
 * on a machine shared with other work, wall-clock averages mostly measure the waiting for a core,
 * CPU time much less so. Prints the median of several rounds.
 *
 * <pre>{@code
 * java -cp duo-benchmarks/target/benchmarks.jar dev.duo.benchmarks.ObservabilityCpu
 * }</pre>
 */
public final class ObservabilityCpu {

    private ObservabilityCpu() {
    }

    /** Runs the measurement; the optional argument scales the number of operations. */
    public static void main(String[] args) {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        ObservabilityBenchmarks b = new ObservabilityBenchmarks();
        b.setUp();
        try {
            System.out.printf("listenersOnly        %8.0f ns CPU/op%n", median(b::listenersOnly, 200_000 * scale, 50_000 * scale));
            System.out.printf("tracingOnly          %8.0f ns CPU/op%n", median(b::tracingOnly, 200_000 * scale, 50_000 * scale));
            System.out.printf("metricsOnly          %8.0f ns CPU/op%n", median(b::metricsOnly, 200_000 * scale, 50_000 * scale));
            System.out.printf("callWithoutListeners %8.0f ns CPU/op%n", median(b::callWithoutListeners, 20_000 * scale, 5_000 * scale));
            System.out.printf("callWithListeners    %8.0f ns CPU/op%n", median(b::callWithListeners, 20_000 * scale, 5_000 * scale));
            System.out.printf("callWithoutListeners %8.0f ns CPU/op (again, after)%n", median(b::callWithoutListeners, 5_000 * scale, 5_000 * scale));
        } finally {
            b.tearDown();
        }
    }

    private static double median(Supplier<?> op, int warm, int perRound) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int i = 0; i < warm; i++) {
            sink = op.get();
        }
        double[] rounds = new double[9];
        for (int r = 0; r < rounds.length; r++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                sink = op.get();
            }
            rounds[r] = (cpu.getCurrentThreadCpuTime() - start) / (double) perRound;
        }
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
