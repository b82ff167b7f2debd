package dev.duo.examples.cli;

import dev.duo.DuoClient;
import dev.duo.eval.CaseResult;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalListener;
import dev.duo.eval.EvalReport;
import dev.duo.eval.EvalResult;
import dev.duo.eval.Evaluation;
import dev.duo.eval.LlmJudge;
import dev.duo.eval.Metric;
import dev.duo.eval.Scorer;
import dev.duo.eval.Scorers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code duo eval}: GitLab's evaluation framework for one feature on one or more models. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a feature on a dataset: run every case through the feature (on each --model, "
                + "assigned in memory: duo.yml is not changed), score each response (an LLM judge rating 1 to 4, "
                + "or a matcher), compare one metric with the threshold and report a traffic light: green when the "
                + "metric meets the threshold, yellow when it is below by at most the margin, red when further below.",
            "The dataset is JSONL, one case per line: {\"id\": \"...\", \"inputs\": {...}, \"reference\": \"...\", "
                + "\"tags\": [...]} (only inputs is required). Each finished case is journalled as it finishes; "
                + "--resume continues an interrupted run without calling the model again for finished cases.",
            "",
            "Exit codes: 0 green, 3 yellow, 4 red, 1 error, 2 usage error. A run in which no case could be "
                + "scored is an error (1), and says why.",
            "With several models, the worst light decides the exit code."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  duo eval --feature duo_chat_explain_code \\",
            "      --model \"Mixtral 8x22b [Fireworks AI]\" \\",
            "      --model \"Llama 3.3 70b [Fireworks AI]\" \\",
            "      --dataset cases.jsonl --judge \"Claude Sonnet 4 [Bedrock]\" \\",
            "      --threshold 0.8 --report eval/report.html",
            "  duo eval --feature code_generation --dataset cases.jsonl --judge J \\",
            "      --metric mean_rating --threshold 3.2 --margin 0.3",
            "  duo eval --feature glab_ask_git_command --dataset cases.jsonl \\",
            "      --scorer contains --threshold 0.9",
            "  duo eval ... --resume        continue an interrupted run"})
final class EvalCommand extends BaseCommand {

    private static final int MAX_REASONS = 5;

    @Option(names = "--feature", required = true, paramLabel = "F", description = "The feature key or alias.")
    String feature;

    @Option(names = "--model", paramLabel = "M", description = "A model to evaluate the feature on (repeatable; "
            + "default: the model the feature is assigned to).")
    List<String> models = new ArrayList<>();

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "The JSONL dataset.")
    Path dataset;

    @Option(names = "--judge", paramLabel = "J", description = "The judge model (a model of duo.yml); needed by "
            + "the default scorer, llm_judge.")
    String judge;

    @Option(names = "--scorer", paramLabel = "S", defaultValue = "llm_judge", description = "llm_judge (default; "
            + "needs --judge), exact_match or contains (against each case's reference), or regex=PATTERN.")
    String scorer;

    @Option(names = "--threshold", required = true, paramLabel = "T", description = "The value the metric must "
            + "reach for green: 0 to 1 for shares (0.8 = 80%%), 1 to 4 for mean_rating.")
    double threshold;

    @Option(names = "--metric", paramLabel = "METRIC", description = "share_rated_3_or_4 (default with the judge), "
            + "mean_rating, or pass_rate (default with a matcher).")
    String metric;

    @Option(names = "--margin", paramLabel = "D", description = "How far below the threshold is still yellow, in the "
            + "metric's units (default 0.1 for shares, 0.3 for mean_rating).")
    Double margin;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "duo-eval/report.html",
            description = "The HTML report (a JSON one is written beside it). Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--journal-dir", paramLabel = "DIR", description = "Where run journals go (default: "
            + "<report directory>/journal).")
    Path journalDir;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Cases run at once (default ${DEFAULT-VALUE}); rate limits are retried by the client.")
    int concurrency;

    @Option(names = "--resume", description = "Continue from the journals of an interrupted run.")
    boolean resume;

    @Option(names = "--skip-malformed", description = "Skip malformed dataset lines (listed in the report) "
            + "instead of stopping at the first.")
    boolean skipMalformed;

    @Override
    int execute() {
        Path cwd = environment().workingDirectory();
        Path data = cwd.resolve(dataset);
        if (!Files.isRegularFile(data)) {
            throw usage("--dataset " + dataset + " does not exist (looked in " + data + ")");
        }
        Metric m;
        try {
            m = metric == null ? null : Metric.parse(metric);
        } catch (IllegalArgumentException e) {
            throw usage("--metric: " + e.getMessage());
        }
        Path html = cwd.resolve(report);
        Path journals = journalDir != null ? cwd.resolve(journalDir) : html.toAbsolutePath().getParent().resolve("journal");
        try (DuoClient client = root().client()) {
            Scorer s = scorer(client);
            if (m == null) {
                m = s.rates() ? Metric.SHARE_RATED_3_OR_4 : Metric.PASS_RATE;
            }
            Evaluation.Builder b = Evaluation.builder().client(client).feature(feature).models(models)
                    .dataset(skipMalformed ? Dataset.jsonl(data).skipMalformed() : Dataset.jsonl(data))
                    .scorer(s).metric(m).threshold(threshold).concurrency(concurrency)
                    .journalDirectory(journals).resume(resume).environment(environment().variables())
                    .report(html);
            if (margin != null) {
                b.margin(margin);
            }
            if (environment().terminal()) {
                b.listener(new Progress(err()));
            }
            Evaluation evaluation;
            try {
                evaluation = b.build();
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            EvalReport result = evaluation.run();
            print(result);
            if (explainUnscored(result)) {
                return 1;   // nothing could be measured: not a verdict on the model
            }
            return switch (result.light()) {
                case GREEN -> 0;
                case YELLOW -> 3;
                case RED -> 4;
            };
        }
    }

    private Scorer scorer(DuoClient client) {
        String sc = scorer.trim();
        if (sc.equals("llm_judge")) {
            if (judge == null) {
                throw usage("the llm_judge scorer needs --judge <model name> (a model of duo.yml), "
                        + "or choose another --scorer (exact_match, contains, regex=PATTERN)");
            }
            return LlmJudge.using(client, judge);
        }
        if (judge != null) {
            throw usage("--judge is used only by --scorer llm_judge, not " + sc);
        }
        if (sc.equals("exact_match")) {
            return Scorers.exactMatch();
        }
        if (sc.equals("contains")) {
            return Scorers.contains();
        }
        if (sc.startsWith("regex=")) {
            try {
                return Scorers.regex(sc.substring("regex=".length()));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw usage("--scorer regex: invalid pattern: " + e.getDescription());
            }
        }
        throw usage("unknown --scorer '" + sc + "': use llm_judge, exact_match, contains or regex=PATTERN");
    }

    private void print(EvalReport report) {
        for (EvalResult r : report.results()) {
            String light = switch (r.light()) {
                case GREEN -> "@|bold,green GREEN|@";
                case YELLOW -> "@|bold,yellow YELLOW|@";
                case RED -> "@|bold,red RED|@";
            };
            out().println(colour(light) + "  " + r.feature() + " on " + r.model() + ": " + r.metric().id() + " "
                    + r.metric().format(r.value()) + " (threshold " + r.metric().format(r.threshold()) + ", yellow from "
                    + r.metric().format(r.yellowFrom()) + "); " + r.total() + " cases, "
                    + r.unscoredIds().size() + " unscored" + (r.skippedLines().isEmpty() ? ""
                    : ", " + r.skippedLines().size() + " malformed lines skipped"));
        }
        out().println("Report: " + report.htmlFile().map(Object::toString).orElse("-"));
    }

    /**
     * Says on standard error why cases could not be scored (the first distinct reasons); true when
     * some model had no case scored at all, which makes the run an error rather than a red light.
     */
    private boolean explainUnscored(EvalReport report) {
        boolean noneScored = false;
        for (EvalResult r : report.results()) {
            if (r.unscoredIds().isEmpty()) {
                continue;
            }
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            List<CaseResult> cases = new ArrayList<>(r.cases());
            cases.sort(java.util.Comparator.comparingLong(c -> c.evalCase().line()));
            for (CaseResult c : cases) {
                if (c.unscored()) {
                    String why = c.failure().orElseGet(() -> c.score().reason());
                    byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(c.evalCase().id());
                }
            }
            boolean none = r.unscoredIds().size() >= r.total();
            noneScored |= none;
            err().println(colour(none ? "@|bold,red error:|@ " : "@|bold,yellow warning:|@ ")
                    + (none ? "no case of " + r.feature() + " on " + r.model() + " could be scored"
                            : r.unscoredIds().size() + " of " + r.total() + " cases of " + r.feature() + " on "
                                    + r.model() + " could not be scored")
                    + (none ? " (" + r.total() + " cases): the light above measures nothing." : ":"));
            int shown = 0;
            for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
                if (shown++ == MAX_REASONS) {
                    err().println("  ... and " + (byReason.size() - MAX_REASONS) + " other reason(s): see the report");
                    break;
                }
                List<String> ids = e.getValue();
                err().println("  " + ids.size() + " case(s) (" + String.join(", ", ids.subList(0, Math.min(3, ids.size())))
                        + (ids.size() > 3 ? ", ..." : "") + "): " + e.getKey());
            }
        }
        return noneScored;
    }

    /** A progress bar on standard error, per model; only drawn on a terminal. */
    private static final class Progress implements EvalListener {
        private final PrintWriter err;
        private ProgressBar bar;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void onStart(String feature, String model, long cases, long alreadyDone) {
            bar = new ProgressBarBuilder().setTaskName(model).setInitialMax(cases).setUpdateIntervalMillis(200)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 100)).build();
            bar.stepTo(alreadyDone);
        }

        @Override
        public synchronized void onCase(String model, CaseResult result) {
            if (bar != null) {
                bar.step();
            }
        }

        @Override
        public synchronized void onFinish(EvalResult result) {
            if (bar != null) {
                bar.close();
                bar = null;
                err.println();
                err.flush();
            }
        }
    }
}
