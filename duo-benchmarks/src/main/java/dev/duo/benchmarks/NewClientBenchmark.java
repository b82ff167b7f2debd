package dev.duo.benchmarks;

import dev.duo.prompt.RenderedPrompt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The same work as {@link ColdStartBenchmark} in a warm JVM (classes loaded and compiled): what Duo
 * itself spends reading the catalog, the feature metadata and every bundled prompt, without the
 * JVM's class loading.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NewClientBenchmark {

    /** A new client with everything bundled, to the first rendered prompt. */
    @Benchmark
    public RenderedPrompt newClientWarmJvm() {
        return ColdStartBenchmark.newClientToFirstRender();
    }
}
