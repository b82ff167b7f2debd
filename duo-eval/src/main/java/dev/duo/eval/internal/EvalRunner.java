package dev.duo.eval.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.AuthenticationException;
import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.FeatureClient;
import dev.duo.ModelNotFoundException;
import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.eval.CaseResult;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalCase;
import dev.duo.eval.EvalReport;
import dev.duo.eval.EvalResult;
import dev.duo.eval.Evaluation;
import dev.duo.eval.EvaluationException;
import dev.duo.eval.LlmJudge;
import dev.duo.eval.Score;
import dev.duo.eval.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** Runs an {@link Evaluation}: model by model, cases in parallel under a bound, journal per model. */
public final class EvalRunner {

    private EvalRunner() {
    }

    /** Runs every model and writes the reports asked for. */
    public static EvalReport run(Evaluation ev) {
        DuoClient client = ev.client();
        DuoConfig original = client.config();
        FeatureRegistry features = client.features();
        Feature feature = features.get(ev.feature());
        List<String> models = ev.models();
        if (models.isEmpty()) {
            FeatureSetting s = client.featureSettings().settingOf(feature);
            if (s.model() == null) {
                throw new EvaluationException(feature.key() + " has no model assigned: name the models to evaluate "
                        + "it on (--model NAME, or Evaluation.Builder.model)");
            }
            models = List.of(s.model());
        }
        Path journals = journalDirectory(ev);
        ReportScrubber scrubber = ReportScrubber.of(original, ev.environment(), ev.secrets());
        List<EvalResult> results = new ArrayList<>();
        try {
            for (String model : models) {
                client.updateConfig(c -> new FeatureSettings(FeatureRegistry.load(c.featureMetadata()), c)
                        .assign(feature.key(), model));
                EvalResult r = runModel(ev, client.feature(feature.key()), feature, model,
                        journals.resolve(slug(feature.key()) + "__" + slug(model) + ".jsonl"), scrubber);
                results.add(r);
                ev.listener().onFinish(r);
            }
        } finally {
            client.updateConfig(c -> original);
        }
        EvalReport report = new EvalReport(results);
        ev.report().ifPresent(html -> report.write(html, siblingJson(html)));
        return report;
    }

    private static EvalResult runModel(Evaluation ev, FeatureClient fc, Feature feature, String model, Path journalFile,
                                       ReportScrubber scrubber) {
        Scorer scorer = ev.scorer() instanceof LlmJudge j ? j.forFeature(feature.title()) : ev.scorer();
        ObjectNode header = CaseJson.MAPPER.createObjectNode();
        header.put("duo_eval_journal", 1);
        header.put("feature", feature.key());
        header.put("model", model);
        header.put("scorer", scorer.name());
        header.put("dataset", ev.dataset().file().toString());
        long total = countCases(ev.dataset());
        List<Dataset.Problem> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CaseResult> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        int n = ev.concurrency();
        try (Journal journal = Journal.open(journalFile, header, ev.resume())) {
            Set<String> done = journal.finishedIds();
            ev.listener().onStart(feature.key(), model, total, done.size());
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "duo-eval");
                t.setDaemon(true);
                return t;
            });
            Semaphore permits = new Semaphore(n);
            try (Stream<EvalCase> cases = ev.dataset().stream(skipped::add)) {
                Iterator<EvalCase> it = cases.iterator();
                while (fatal.get() == null && it.hasNext()) {
                    EvalCase c = it.next();
                    if (done.contains(c.id())) {
                        continue;
                    }
                    permits.acquireUninterruptibly();
                    if (fatal.get() != null) {
                        permits.release();
                        break;
                    }
                    pool.execute(() -> {
                        try {
                            CaseResult r = runCase(ev, fc, scorer, c, scrubber);
                            if (r.error() == null) {
                                journal.append(r);
                            } else {
                                failed.add(r);
                            }
                            ev.listener().onCase(model, r);
                        } catch (Throwable t) {
                            fatal.compareAndSet(null, t);
                        } finally {
                            permits.release();
                        }
                    });
                }
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, e);
            } finally {
                // Let the cases in flight finish (and be journalled) before stopping.
                permits.acquireUninterruptibly(n);
                pool.shutdown();
            }
        }
        Throwable t = fatal.get();
        if (t != null) {
            String why = t instanceof EvaluationException ? t.getMessage()
                    : t instanceof DuoException ? t.getMessage()
                    : "the scorer " + scorer.name() + " threw " + t.getClass().getSimpleName() + ": " + t.getMessage();
            throw new EvaluationException("the evaluation of " + feature.key() + " on " + model + " stopped: " + why
                    + ". Finished cases are kept in " + journalFile + ": run again with --resume to continue.", t);
        }
        return Metrics.of(ev, feature, model, scorer.name(), journalFile, failed, skipped);
    }

    private static CaseResult runCase(Evaluation ev, FeatureClient fc, Scorer scorer, EvalCase c, ReportScrubber scrubber) {
        long t0 = System.nanoTime();
        String response;
        try {
            Completion completion = fc.generate(callInputs(fc.feature(), c.inputs()));
            response = completion.text();
        } catch (ConfigurationException | AuthenticationException | ModelNotFoundException e) {
            throw e;
        } catch (DuoException e) {
            return failure(c, "the feature call failed: " + e.getMessage(), t0, scrubber);
        }
        long latency = (System.nanoTime() - t0) / 1_000_000;
        Score score;
        try {
            score = scorer.score(c, response);
        } catch (ConfigurationException | AuthenticationException | ModelNotFoundException e) {
            throw e;
        } catch (DuoException e) {
            return failure(c, "the judge call failed: " + e.getMessage(), t0, scrubber);
        }
        if (score == null) {
            throw new EvaluationException("the scorer " + scorer.name() + " returned no score for case " + c.id());
        }
        if (ev.metric().needsRating() && !score.unscored() && score.rating().isEmpty()) {
            score = Score.unscored("the scorer gave no rating: " + score);
        }
        return new CaseResult(scrub(c, scrubber), scrubber.scrub(response), score.withReason(scrubber.scrub(score.reason())),
                latency, null);
    }

    /**
     * The inputs as the feature takes them: a conversation input, written in JSONL as a list of
     * {@code {"role": ..., "content": ...}} objects, becomes a list of messages.
     */
    static Map<String, Object> callInputs(Feature feature, Map<String, Object> inputs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(inputs);
        for (dev.duo.feature.FeatureInput in : feature.inputs()) {
            if (in.kind() == dev.duo.feature.InputKind.CONVERSATION && inputs.get(in.name()) instanceof List<?> list) {
                List<Object> messages = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("role") instanceof String role && m.get("content") instanceof String text) {
                        try {
                            messages.add(new dev.duo.Message(dev.duo.Role.fromWireName(role), text));
                        } catch (IllegalArgumentException e) {
                            throw new dev.duo.InvalidInputException("input '" + in.name() + "': " + e.getMessage());
                        }
                    } else {
                        messages.add(o);
                    }
                }
                out.put(in.name(), messages);
            }
        }
        return out;
    }

    private static CaseResult failure(EvalCase c, String error, long t0, ReportScrubber scrubber) {
        String e = scrubber.scrub(error);
        return new CaseResult(scrub(c, scrubber), "", Score.unscored(e), (System.nanoTime() - t0) / 1_000_000, e);
    }

    @SuppressWarnings("unchecked")
    private static EvalCase scrub(EvalCase c, ReportScrubber s) {
        Map<String, Object> inputs = (Map<String, Object>) s.scrubValue(c.inputs());
        return new EvalCase(c.id(), c.line(), inputs, c.reference().map(s::scrub).orElse(null), c.tags());
    }

    private static long countCases(Dataset d) {
        try (Stream<String> lines = Files.lines(d.file())) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // the dataset's own reader reports the problem, with its name
        }
    }

    private static Path journalDirectory(Evaluation ev) {
        if (ev.journalDirectory() != null) {
            return ev.journalDirectory();
        }
        try {
            return Files.createTempDirectory("duo-eval");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the run journal", e);
        }
    }

    private static Path siblingJson(Path html) {
        String name = html.getFileName().toString();
        String base = name.endsWith(".html") ? name.substring(0, name.length() - 5)
                : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return html.resolveSibling(base + ".json");
    }

    /** A file-name-safe form of a feature or model name. */
    static String slug(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "x" : s;
    }
}
