package dev.duo.benchmarks;

import dev.duo.DuoClient;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.DevelopmentCatalog;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.prompt.RenderedPrompt;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A cold start in a fresh JVM (one shot per fork): a DuoClient with the whole development catalog
 * of models, every bundled feature and prompt available, to the first rendered code generation prompt.
 * No network: the first call's HTTP connection is not part of it. Prompt files are compiled on first
 * use, so only the selected prompt (and its fragments) is parsed here; listing the prompts would
 * compile them all (to say which are usable), which a service never does at start-up.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {

    /** Builds the client, lists features and prompts, selects and renders one. */
    @Benchmark
    public RenderedPrompt coldStart() {
        return newClientToFirstRender();
    }

    static RenderedPrompt newClientToFirstRender() {
        List<SelfHostedModel> catalog = DevelopmentCatalog.models();
        SelfHostedModel mistral = catalog.stream().filter(m -> m.family() == ModelFamily.MISTRAL).findFirst().orElseThrow();
        DuoConfig config = DuoConfig.builder().models(catalog)
                .feature("code_generations", FeatureSetting.selfHosted(mistral.name())).build();
        try (DuoClient duo = DuoClient.builder().config(config).environment(Fixtures.ENV).build()) {
            if (duo.features().all().isEmpty() || duo.config().models().size() != catalog.size()) {
                throw new IllegalStateException("nothing bundled was loaded");
            }
            Feature f = duo.features().get(Fixtures.FEATURE);
            return duo.prompts().select(f.promptId(), ModelFamily.MISTRAL, f.promptVersion()).render(f, Fixtures.INPUTS);
        }
    }
}
