package dev.duo.eval;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.FeatureRegistry;
import dev.duo.eval.internal.JudgeFeature;
import dev.duo.eval.internal.RatingParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scorer that asks a model, the judge, to rate each response 1 to 4 with the judge prompt shipped
 * in this jar ({@code eval/judge/base/1.0.0.yml}, selected as {@code ^1.0.0}, rendered by the
 * client's prompt registry; a file {@code eval/judge/<family>/<version>.yml} in one of the user's
 * prompt directories overrides it or adds a newer version). The judge
 * is a feature call like any other ({@code eval_judge}, assigned in memory to the judge model), so
 * it gets the same prompt registry, retries and rate-limit handling. The judge answers
 * {@code Rating: N} and {@code Reason: ...}; an answer without a valid rating, or with conflicting
 * ratings, leaves the case unscored (a failure), never guessed.
 *
 * <pre>{@code
 * try (DuoClient judgeClient = DuoClient.builder().build()) {
 *     Scorer judge = LlmJudge.using(judgeClient, "Claude Sonnet 4 [Bedrock]");
 *     ...
 * }
 * }</pre>
 */
public final class LlmJudge implements Scorer {

    /** The key of the judge's feature. */
    public static final String FEATURE_KEY = JudgeFeature.KEY;

    private final DuoClient client;
    private final String model;
    private final String featureTitle;

    private LlmJudge(DuoClient client, String model, String featureTitle) {
        this.client = client;
        this.model = model;
        this.featureTitle = featureTitle;
    }

    /**
     * A judge served by {@code model} through {@code client}: the client's configuration gets the
     * judge feature, assigned to that model, in memory (no file is written). The caller keeps
     * ownership of the client. A client serves one judge model at a time: for two judges, use two
     * clients.
     *
     * @throws dev.duo.UnknownModelException when the model is not configured
     * @throws dev.duo.IncompatibleModelException or {@link dev.duo.BetaNotEnabledException} as for any feature
     */
    public static LlmJudge using(DuoClient client, String model) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(model, "model");
        client.updateConfig(c -> withJudge(c, model));
        return new LlmJudge(client, model, "");
    }

    /**
     * {@code config} with the judge feature served by {@code model}, checked as an assignment is.
     *
     * @throws dev.duo.UnknownModelException when the model is not configured
     */
    public static DuoConfig withJudge(DuoConfig config, String model) {
        Path file = JudgeFeature.metadataFile();
        Path prompts = JudgeFeature.promptDirectory();
        DuoConfig.Builder b = config.toBuilder();
        if (!config.featureMetadata().contains(file)) {
            List<Path> files = new ArrayList<>(config.featureMetadata());
            files.add(file);
            b.featureMetadataFiles(files);
        }
        if (!config.promptDirectories().contains(prompts)) {
            // First, so that the user's own directories override it (later directories win).
            List<Path> dirs = new ArrayList<>();
            dirs.add(prompts);
            dirs.addAll(config.promptDirectories());
            b.promptDirectories(dirs);
        }
        DuoConfig withFeature = b.build();
        return new FeatureSettings(FeatureRegistry.load(withFeature.featureMetadata()), withFeature).assign(FEATURE_KEY, model);
    }

    /** The same judge, telling the judge which feature answered (its title). */
    public LlmJudge forFeature(String title) {
        return new LlmJudge(client, model, Objects.requireNonNull(title, "title"));
    }

    /** The judge model's name. */
    public String model() {
        return model;
    }

    @Override
    public Score score(EvalCase evalCase, String response) {
        Completion c = client.feature(FEATURE_KEY).generate(Map.of(
                "feature", featureTitle.isEmpty() ? "an AI feature" : featureTitle,
                "question", JudgeFeature.describeInputs(evalCase.inputs()),
                "response", response,
                "reference", evalCase.reference().orElse("")));
        return RatingParser.parse(c.text());
    }

    @Override
    public String name() {
        return "llm_judge (" + model + ")";
    }

    @Override
    public boolean rates() {
        return true;
    }

    @Override
    public String toString() {
        return "LlmJudge{" + model + '}';
    }
}
