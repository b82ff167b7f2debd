package dev.duo.eval;

import dev.duo.DuoClient;
import dev.duo.eval.internal.EvalRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation: a feature, run over a dataset on one or more models, each response scored, one
 * metric compared with a threshold. For each model the feature is assigned to it in the client's
 * configuration, in memory (nothing is written to duo.yml), and the client's configuration is put
 * back afterwards. Cases run in parallel, at most {@link Builder#concurrency} at once; rate limits
 * and transient failures are handled by the client's retry policy. Each finished case is written
 * to a journal (one per feature and model) as it finishes; with {@link Builder#resume} a run
 * continues from the journal without calling the model again for finished cases.
 *
 * <p>A feature or judge call that still fails after retries leaves its case unscored (a failure)
 * and out of the journal, so a resumed run tries it again. A configuration or authentication error,
 * an unknown model, or a scorer that throws stops the run with an {@link EvaluationException}.
 *
 * <pre>{@code
 * EvalReport report = Evaluation.builder()
 *         .client(duo)
 *         .feature("duo_chat_explain_code")
 *         .models(List.of("Mixtral 8x22b [Fireworks AI]", "Llama 3.3 70b [Fireworks AI]"))
 *         .dataset(Dataset.jsonl(Path.of("cases.jsonl")))
 *         .scorer(LlmJudge.using(duo, "Claude Sonnet 4 [Bedrock]"))
 *         .threshold(0.8)
 *         .journalDirectory(Path.of("target/eval"))
 *         .report(Path.of("target/eval/report.html"))
 *         .build()
 *         .run();
 * }</pre>
 */
public final class Evaluation {

    private final Builder b;

    private Evaluation(Builder b) {
        this.b = b;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the evaluation on every model, in order, and writes the reports when asked to.
     *
     * @throws EvaluationException when the run cannot start or finish (finished cases stay in the journal)
     * @throws dev.duo.ConfigurationException when the feature cannot be served by a model
     */
    public EvalReport run() {
        return EvalRunner.run(this);
    }

    /** The client. */
    public DuoClient client() {
        return b.client;
    }

    /** The feature key or alias. */
    public String feature() {
        return b.feature;
    }

    /** The models to evaluate; empty means the model the feature is assigned to now. */
    public List<String> models() {
        return List.copyOf(b.models);
    }

    /** The dataset. */
    public Dataset dataset() {
        return b.dataset;
    }

    /** The scorer. */
    public Scorer scorer() {
        return b.scorer;
    }

    /** The metric. */
    public Metric metric() {
        return b.metric;
    }

    /** The threshold. */
    public double threshold() {
        return b.threshold;
    }

    /** The yellow margin, in the metric's units. */
    public double margin() {
        return b.margin != null ? b.margin : b.metric.defaultMargin();
    }

    /** The most cases run at once. */
    public int concurrency() {
        return b.concurrency;
    }

    /** Where journals are written. */
    public Path journalDirectory() {
        return b.journalDirectory;
    }

    /** Whether to continue from existing journals. */
    public boolean resume() {
        return b.resume;
    }

    /** The progress listener. */
    public EvalListener listener() {
        return b.listener;
    }

    /** The environment the configuration's keys are resolved from (to keep them out of reports). */
    public Map<String, String> environment() {
        return b.environment;
    }

    /** Further secrets to keep out of journals and reports. */
    public List<String> secrets() {
        return List.copyOf(b.secrets);
    }

    /** The HTML report to write (a JSON one is written beside it), when set. */
    public Optional<Path> report() {
        return Optional.ofNullable(b.report);
    }

    /** Builds an {@link Evaluation}. */
    public static final class Builder {
        private DuoClient client;
        private String feature;
        private final List<String> models = new ArrayList<>();
        private Dataset dataset;
        private Scorer scorer;
        private Metric metric = Metric.SHARE_RATED_3_OR_4;
        private Double threshold;
        private Double margin;
        private int concurrency = 4;
        private Path journalDirectory;
        private boolean resume;
        private EvalListener listener = new EvalListener() { };
        private Map<String, String> environment = System.getenv();
        private final List<String> secrets = new ArrayList<>();
        private Path report;

        private Builder() {
        }

        /** The client that serves the feature (required); the caller keeps ownership. */
        public Builder client(DuoClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The feature key or alias (required). */
        public Builder feature(String feature) {
            this.feature = Objects.requireNonNull(feature, "feature");
            return this;
        }

        /** Adds a model to evaluate the feature on (by name); none means its current model. */
        public Builder model(String model) {
            models.add(Objects.requireNonNull(model, "model"));
            return this;
        }

        /** Replaces the models to evaluate. */
        public Builder models(List<String> names) {
            models.clear();
            names.forEach(this::model);
            return this;
        }

        /** The dataset (required). */
        public Builder dataset(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        /** The scorer (required). */
        public Builder scorer(Scorer scorer) {
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        /** The metric (default {@link Metric#SHARE_RATED_3_OR_4}). */
        public Builder metric(Metric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** The threshold the metric must meet for green (required). */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** How far below the threshold is still yellow, in the metric's units (default: the metric's). */
        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        /** The most cases run at once (default 4). */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Where the run journals go (default: a new temporary directory). */
        public Builder journalDirectory(Path dir) {
            this.journalDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Continue from the journals in {@link #journalDirectory} instead of starting afresh. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Told of progress. */
        public Builder listener(EvalListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The environment the models' keys are resolved from, to scrub them (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** A further secret to keep out of journals and reports. */
        public Builder secret(String secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /** Writes the HTML report here after the run, and the JSON report beside it ({@code .json}). */
        public Builder report(Path htmlFile) {
            this.report = Objects.requireNonNull(htmlFile, "htmlFile");
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public Evaluation build() {
            require(client != null, "a client is required: builder().client(duoClient)");
            require(feature != null, "a feature is required: builder().feature(\"duo_chat_explain_code\")");
            require(dataset != null, "a dataset is required: builder().dataset(Dataset.jsonl(path))");
            require(scorer != null, "a scorer is required: an LlmJudge, or one of Scorers");
            require(threshold != null, "a threshold is required: builder().threshold(0.8)");
            require(Double.isFinite(threshold), "the threshold must be a number, got " + threshold);
            if (metric.isShare()) {
                require(threshold >= 0 && threshold <= 1, metric.id() + " is a share from 0 to 1: the threshold must be "
                        + "between 0 and 1, got " + threshold + (threshold > 1 && threshold <= 100 ? " (for "
                        + threshold.intValue() + "% write " + threshold / 100 + ")" : ""));
            } else {
                require(threshold >= Score.MIN_RATING && threshold <= Score.MAX_RATING,
                        metric.id() + " is a rating from 1 to 4: the threshold must be between 1 and 4, got " + threshold);
            }
            require(margin == null || (Double.isFinite(margin) && margin >= 0), "the margin must be 0 or more, got " + margin);
            require(concurrency >= 1 && concurrency <= 256, "concurrency must be 1 to 256, got " + concurrency);
            require(!metric.needsRating() || scorer.rates(), metric.id() + " needs a scorer that rates 1 to 4 "
                    + "(an LlmJudge, or Scorers.rating(...)); " + scorer.name() + " only passes or fails: use pass_rate");
            require(!resume || journalDirectory != null, "resume needs the journal directory of the run to continue: "
                    + "builder().journalDirectory(dir)");
            require(models.stream().distinct().count() == models.size(), "a model is listed twice: " + models);
            return new Evaluation(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
