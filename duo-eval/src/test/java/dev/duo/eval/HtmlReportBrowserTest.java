package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.duo.DuoClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless browser (Debian's {@code chromium}): the page a person sees
 * shows the traffic light, the metric and the case rows, runs no script from the data, and a
 * screenshot is kept under {@code target/eval-report/}. Skipped where Chromium is not installed
 * ({@code apt-get install -y --no-install-recommends chromium}).
 */
class HtmlReportBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "eval-report");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + ": skipping the browser test (apt-get install -y --no-install-recommends chromium)");
    }

    @Test
    void theReportShowsLightMetricMatrixAndCases() throws Exception {
        Files.createDirectories(OUT);
        Path html = OUT.resolve("report.html").toAbsolutePath();
        Path dataset = EvalFixture.dataset(dir, "4", "3", "4", "x", "2", "4", "3", "1");
        try (DuoClient duo = EvalFixture.client(ScriptedModelClient.echoing())) {
            Evaluation.builder().client(duo).feature(EvalFixture.FEATURE)
                    .models(List.of(EvalFixture.MIXTRAL, EvalFixture.MISTRAL)).dataset(Dataset.jsonl(dataset))
                    .scorer(LlmJudge.using(duo, EvalFixture.JUDGE)).threshold(0.7).journalDirectory(dir.resolve("j"))
                    .report(html).build().run();
        }
        Path png = OUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(dir.resolve("profile-1"), "--screenshot=" + png, "--window-size=1280,2000", html.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);

        String dom = chromium(dir.resolve("profile-2"), "--dump-dom", html.toUri().toString());
        String text = dom.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        assertThat(text).contains("Duo evaluation", "yellow", "share_rated_3_or_4 = 62.5%", "threshold 70.0%",
                "Compatibility matrix", "Mixtral [test]", "Mistral [test]", "Rating distribution",
                "Unscored (counted as failures): case-4", "marker says 4");
        for (int i = 1; i <= 8; i++) {
            assertThat(text).contains("case-" + i);
        }
        // The dataset's <script> and the judge's <b> arrive as text, never as elements.
        assertThat(dom).doesNotContain("<script", "<b>bold</b>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(dom).containsPattern("<tr class=\"unscored\">");
    }

    private static String chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium failed: %s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
