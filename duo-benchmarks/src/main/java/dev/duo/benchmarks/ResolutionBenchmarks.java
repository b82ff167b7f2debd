package dev.duo.benchmarks;

import dev.duo.DuoClient;
import dev.duo.feature.Feature;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The work before the HTTP call: forFeature on a warm client, and rendering the code generation prompt. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolutionBenchmarks {

    private Fixtures fixtures;
    private DuoClient.DefaultOverride override;
    private Feature feature;
    private PromptTemplate template;

    /** A warm client, made the default one for this thread. */
    @Setup(Level.Trial)
    public void setUp() {
        fixtures = Fixtures.start();
        override = DuoClient.overrideDefault(fixtures.openAi);
        fixtures.openAi.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS);
        feature = Fixtures.feature(fixtures.openAi);
        template = Fixtures.template(fixtures.openAi, ModelFamily.MISTRAL);
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        override.close();
        fixtures.close();
    }

    /** {@code DuoClient.forFeature("code_generation").feature()}: the default client, the feature looked up. */
    @Benchmark
    public Feature forFeatureWarm() {
        return DuoClient.forFeature(Fixtures.FEATURE).feature();
    }

    /** The bundled code generation prompt (Mistral, with its includes) rendered for a realistic request. */
    @Benchmark
    public RenderedPrompt renderCodeGeneration() {
        return template.render(feature, Fixtures.INPUTS);
    }
}
