package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.testkit.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duo eval} end to end: the subject models are FakeOpenAiServers reached through the real
 * Fireworks client (one echoes the prompt, one always says it does not know), the judge is a third
 * FakeOpenAiServer whose answers are scripted from the marker {@code quality=N} it finds in the
 * answer it is shown. Nothing is faked inside the SDK.
 */
class EvalCommandTest {

    static final String KEY = "fw-test-key-0123456789";
    static final Pattern QUALITY = Pattern.compile("quality=(\\d)");

    @TempDir
    Path dir;

    FakeOpenAiServer echo;
    FakeOpenAiServer clueless;
    FakeOpenAiServer judge;

    @BeforeEach
    void start() throws Exception {
        echo = FakeOpenAiServer.start();
        clueless = FakeOpenAiServer.builder().answerWith(p -> "I do not know, sorry.").start();
        judge = FakeOpenAiServer.builder().answerWith(EvalCommandTest::judge).start();
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - name: Echo [fake]
                    family: mixtral
                    identifier: fireworks_ai/accounts/fireworks/models/echo
                    endpoint: %s
                    api_key: ${FIREWORKS_AI_API_KEY}
                  - name: Clueless [fake]
                    family: mistral
                    identifier: fireworks_ai/accounts/fireworks/models/clueless
                    endpoint: %s
                    api_key: ${FIREWORKS_AI_API_KEY}
                  - name: Judge [fake]
                    family: claude_3
                    identifier: custom_openai/judge
                    endpoint: %s
                    api_key: ${FIREWORKS_AI_API_KEY}
                """.formatted(echo.endpoint(), clueless.endpoint(), judge.endpoint()));
    }

    @AfterEach
    void stop() {
        echo.close();
        clueless.close();
        judge.close();
    }

    /** The judge's script: the marker's rating, 1 for an answer without one. */
    static String judge(String prompt) {
        String answer = prompt.substring(prompt.indexOf("<answer>"));
        Matcher m = QUALITY.matcher(answer);
        return m.find() ? "Rating: " + m.group(1) + "\nReason: the marker says " + m.group(1)
                : "Rating: 1\nReason: it does not answer";
    }

    private Path dataset(String... qualities) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < qualities.length; i++) {
            lines.add("{\"id\": \"c" + (i + 1) + "\", \"inputs\": {\"selected_text\": \"case " + (i + 1) + " quality="
                    + qualities[i] + "\"}}");
        }
        Path f = dir.resolve("cases.jsonl");
        Files.write(f, lines);
        return f;
    }

    private Cli cli() {
        return new Cli(dir).env("FIREWORKS_AI_API_KEY", KEY);
    }

    private Cli.Result eval(String... extra) {
        List<String> args = new ArrayList<>(List.of("eval", "--feature", "duo_chat_explain_code", "--dataset",
                "cases.jsonl", "--judge", "Judge [fake]", "--report", "out/report.html"));
        args.addAll(List.of(extra));
        return cli().run(args.toArray(String[]::new));
    }

    @Test
    void greenExitsZero() throws Exception {
        dataset("4", "3", "4", "3", "4", "4", "3", "3", "2", "1");
        Cli.Result r = eval("--model", "Echo [fake]", "--threshold", "0.8");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("GREEN  duo_chat_explain_code on Echo [fake]: share_rated_3_or_4 80.0%",
                "threshold 80.0%, yellow from 70.0%", "10 cases, 0 unscored", "Report: ");
        assertThat(echo.requestCount()).isEqualTo(10);
        assertThat(judge.requestCount()).isEqualTo(10);
        assertThat(echo.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(dir.resolve("out/report.html")).exists();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(json.get("light").asText()).isEqualTo("green");
        // The evaluation assigned the feature in memory only.
        assertThat(Files.readString(dir.resolve("duo.yml"))).doesNotContain("features", "duo_chat_explain_code");
        assertThat(Files.readString(dir.resolve("out/report.html")) + json).doesNotContain(KEY);
    }

    @Test
    void yellowExitsThreeAndRedExitsFour() throws Exception {
        dataset("4", "3", "4", "3", "4", "4", "3", "2", "2", "1");
        Cli.Result yellow = eval("--model", "Echo [fake]", "--threshold", "0.8");
        assertThat(yellow.code()).as(yellow.toString()).isEqualTo(3);
        assertThat(yellow.out()).contains("YELLOW  duo_chat_explain_code on Echo [fake]: share_rated_3_or_4 70.0%");

        Cli.Result red = eval("--model", "Echo [fake]", "--threshold", "0.8", "--margin", "0.05");
        assertThat(red.code()).as(red.toString()).isEqualTo(4);
        assertThat(red.out()).contains("RED  ", "yellow from 75.0%");

        Cli.Result mean = eval("--model", "Echo [fake]", "--threshold", "3", "--metric", "mean_rating");
        assertThat(mean.code()).as(mean.toString()).isZero();
        assertThat(mean.out()).contains("mean_rating 3.00");
    }

    @Test
    void severalModelsMakeAMatrixAndTheWorstDecidesTheExitCode() throws Exception {
        dataset("4", "4", "3", "4");
        Cli.Result r = eval("--model", "Echo [fake]", "--model", "Clueless [fake]", "--threshold", "0.75",
                "--concurrency", "2");
        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).contains("GREEN  duo_chat_explain_code on Echo [fake]", "RED  duo_chat_explain_code on Clueless [fake]: share_rated_3_or_4 0.0%");
        assertThat(clueless.requestCount()).isEqualTo(4);
        String html = Files.readString(dir.resolve("out/report.html"));
        assertThat(html).contains("Compatibility matrix", "it does not answer");
    }

    @Test
    void resumeDoesNotCallTheModelAgainForFinishedCases() throws Exception {
        dataset("4", "3", "2");
        assertThat(eval("--model", "Echo [fake]", "--threshold", "0.5").code()).isZero();
        assertThat(echo.requestCount()).isEqualTo(3);
        Cli.Result again = eval("--model", "Echo [fake]", "--threshold", "0.5", "--resume");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(echo.requestCount()).isEqualTo(3);
        assertThat(again.out()).contains("3 cases");
    }

    @Test
    void matchersNeedNoJudge() throws Exception {
        Files.write(dir.resolve("cases.jsonl"), List.of(
                "{\"inputs\": {\"selected_text\": \"alpha\"}, \"reference\": \"alpha\"}",
                "{\"inputs\": {\"selected_text\": \"beta\"}, \"reference\": \"gamma\"}"));
        Cli.Result r = cli().run("eval", "--feature", "duo_chat_explain_code", "--model", "Echo [fake]",
                "--dataset", "cases.jsonl", "--scorer", "contains", "--threshold", "0.5", "--report", "m.html");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("pass_rate 50.0%");
        assertThat(judge.requestCount()).isZero();
    }

    @Test
    void anEvaluationInWhichNoCaseCouldBeScoredSaysWhyAndExitsOne() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            lines.add("{\"id\": \"c" + i + "\", \"inputs\": {\"selected_txt\": \"case " + i + "\"}}");   // a typo
        }
        Files.write(dir.resolve("cases.jsonl"), lines);

        Cli.Result r = eval("--model", "Echo [fake]", "--threshold", "0.8");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: no case of duo_chat_explain_code on Echo [fake] could be scored (6 cases): "
                + "the light above measures nothing.")
                .contains("  6 case(s) (c1, c2, c3, ...): ")
                .contains("selected_txt");
        assertThat(echo.requestCount()).as("nothing was sent").isZero();
        assertThat(judge.requestCount()).isZero();
    }

    @Test
    void casesThatCouldNotBeScoredAreExplainedBesideTheLight() throws Exception {
        Files.write(dir.resolve("cases.jsonl"), List.of(
                "{\"id\": \"good\", \"inputs\": {\"selected_text\": \"quality=4\"}}",
                "{\"id\": \"typo\", \"inputs\": {\"selected_txt\": \"quality=4\"}}"));

        Cli.Result r = eval("--model", "Echo [fake]", "--threshold", "0.4");

        assertThat(r.code()).as("the light decides: 1 of 2 rated 3 or 4 meets 40%").isZero();
        assertThat(r.out()).contains("2 cases, 1 unscored");
        assertThat(r.err()).contains("warning: 1 of 2 cases of duo_chat_explain_code on Echo [fake] could not be scored:")
                .contains("  1 case(s) (typo): ");
    }

    @Test
    void usageMistakesExitTwoAndErrorsExitOne() throws Exception {
        dataset("4");
        Cli.Result noDataset = cli().run("eval", "--feature", "duo_chat_explain_code", "--dataset", "nope.jsonl",
                "--judge", "Judge [fake]", "--threshold", "0.8");
        assertThat(noDataset.code()).isEqualTo(2);
        assertThat(noDataset.err()).contains("--dataset nope.jsonl does not exist");

        Cli.Result noJudge = cli().run("eval", "--feature", "duo_chat_explain_code", "--dataset", "cases.jsonl",
                "--threshold", "0.8");
        assertThat(noJudge.code()).isEqualTo(2);
        assertThat(noJudge.err()).contains("the llm_judge scorer needs --judge");

        Cli.Result badThreshold = eval("--model", "Echo [fake]", "--threshold", "80");
        assertThat(badThreshold.code()).isEqualTo(2);
        assertThat(badThreshold.err()).contains("(for 80% write 0.8)");

        Cli.Result badMetric = eval("--model", "Echo [fake]", "--threshold", "0.8", "--metric", "accuracy");
        assertThat(badMetric.code()).isEqualTo(2);
        assertThat(badMetric.err()).contains("unknown metric 'accuracy'");

        Cli.Result unknownModel = eval("--model", "Nope", "--threshold", "0.8");
        assertThat(unknownModel.code()).as("a name on the command line that names nothing").isEqualTo(2);
        assertThat(unknownModel.err()).contains("Nope");

        Cli.Result unassigned = eval("--threshold", "0.8");
        assertThat(unassigned.code()).isEqualTo(1);
        assertThat(unassigned.err()).contains("duo_chat_explain_code has no model assigned");

        Files.writeString(dir.resolve("cases.jsonl"), "{\"inputs\": {\"selected_text\": \"a\"}}\n{oops\n");
        Cli.Result malformed = eval("--model", "Echo [fake]", "--threshold", "0.8");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains("line 2: not valid JSON", "--skip-malformed");
        Cli.Result skipped = eval("--model", "Echo [fake]", "--threshold", "0.8", "--skip-malformed");
        assertThat(skipped.out()).contains("1 malformed lines skipped");
    }

    @Test
    void aProgressBarIsDrawnOnlyOnATerminal() throws Exception {
        dataset("4", "3");
        Cli.Result plain = eval("--model", "Echo [fake]", "--threshold", "0.5");
        assertThat(plain.err()).doesNotContain("%");
        List<String> args = new ArrayList<>(List.of("eval", "--feature", "duo_chat_explain_code", "--dataset",
                "cases.jsonl", "--judge", "Judge [fake]", "--model", "Echo [fake]", "--threshold", "0.5"));
        Cli.Result tty = cli().terminal(true).run(args.toArray(String[]::new));
        assertThat(tty.code()).as(tty.toString()).isZero();
        assertThat(tty.err()).contains("Echo [fake]", "100%", "2/2");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Cli.Result r = cli().run("eval", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes: 0 green, 3 yellow, 4 red", "1 error, 2 usage error", "--resume",
                "--margin", "share_rated_3_or_4");
    }
}
