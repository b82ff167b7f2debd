package dev.duo.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * One cold start in a fresh JVM, timed from the first line of {@code main} (JVM boot excluded) to the
 * first call ready: a DuoClient with the whole development catalog, every bundled feature and
 * prompt loaded, the code generation prompt selected and rendered ({@link ColdStartBenchmark}'s
 * work). Prints {@code COLD <ms> <classes loaded> <main thread CPU ms, JVM boot included>}; Main runs it several times and also times each
 * whole process.
 *
 * <pre>{@code
 * java -cp duo-benchmarks/target/benchmarks.jar dev.duo.benchmarks.ColdStart
 * }</pre>
 */
public final class ColdStart {

    private ColdStart() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        ColdStartBenchmark.newClientToFirstRender();
        long t1 = System.nanoTime();
        // Read after the clock stopped: the management classes are not part of the start-up measured.
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.out.println("COLD " + (t1 - t0) / 1e6 + " " + classes + " " + cpu / 1e6);
        System.exit(0);
    }
}
