/**
 * The evaluation harness, GitLab's Centralized Evaluation Framework in SDK form: a JSONL
 * {@link dev.duo.eval.Dataset} of representative inputs, run through a feature on one or
 * more models, each response scored (an {@link dev.duo.eval.LlmJudge} rating 1 to 4, or
 * plain {@link dev.duo.eval.Scorers}), one {@link dev.duo.eval.Metric} compared
 * with a threshold, and a {@link dev.duo.eval.TrafficLight}. Runs are parallel, bounded and
 * resumable through a journal; reports are JSON and a self-contained HTML page.
 *
 * <pre>{@code
 * EvalReport report = Evaluation.builder()
 *         .client(duo).feature("duo_chat_explain_code").model("Mixtral 8x22b [Fireworks AI]")
 *         .dataset(Dataset.jsonl(Path.of("cases.jsonl")))
 *         .scorer(LlmJudge.using(judgeClient, "Claude Sonnet 4 [Bedrock]"))
 *         .metric(Metric.SHARE_RATED_3_OR_4).threshold(0.8)
 *         .build().run();
 * EvalAssertions.assertGreen(report);
 * }</pre>
 */
package dev.duo.eval;
