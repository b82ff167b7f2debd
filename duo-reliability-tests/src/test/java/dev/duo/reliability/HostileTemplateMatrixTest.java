package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoException;
import dev.duo.InvalidInputException;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.model.ModelFamily;
import dev.duo.admin.PromptProblem;
import dev.duo.prompt.PromptRegistry;
import dev.duo.prompt.PromptTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile prompt templates in a user prompt directory, each rendered through the real registry on a
 * fixed 256 MiB heap (its own surefire execution) with a 3 s render deadline: every one ends, within
 * its deadline + 2 s, in exactly one typed outcome (a load problem for its file, a typed render error
 * naming the file) or in the answer Jinja2 gives.
 */
class HostileTemplateMatrixTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final Feature FEATURE = FeatureRegistry.bundled().get("glab_ask_git_command");
    private static final List<String> XS = Collections.nCopies(3000, "x");
    private static final String BIG = "b".repeat(100_000);

    @TempDir
    Path dir;

    /** One template, its inputs, and what it must end in: "load", "error", or the exact answer. */
    record Case(String name, String template, Map<String, Object> inputs, String expect) {
    }

    private static String nested(String open, String close, int n, String middle) {
        return open.repeat(n) + middle + close.repeat(n);
    }

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("three nested range(1000) loops", "{% for a in range(1000) %}{% for b in range(1000) %}"
                + "{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}", Map.of(), "load"));
        c.add(new Case("center(2000000000)", "{{ input|center(2000000000) }}", Map.of("input", "a"), "error"));
        c.add(new Case("indent(2000000000)", "{{ input|indent(2000000000) }}", Map.of("input", "a\nb"), "error"));
        c.add(new Case("wordwrap(2000000000)", "{{ input|wordwrap(2000000000) }}", Map.of("input", "a b"), "error"));
        c.add(new Case("truncate(2000000000)", "{{ input|truncate(2000000000) }}", Map.of("input", "a"), "error"));
        c.add(new Case("format width %2000000000s", "{{ '%2000000000s'|format(input) }}", Map.of("input", "a"), "error"));
        c.add(new Case("string * 100000000", "{{ input * 100000000 }}", Map.of("input", "a"), "load"));
        c.add(new Case("9 ** 9 ** 9", "{{ 9 ** 9 ** 9 }}", Map.of(), "load"));
        c.add(new Case("5,000 nested ifs", nested("{% if true %}", "{% endif %}", 5000, "x"), Map.of(), "load"));
        c.add(new Case("5,000 nested parentheses", "{{ " + nested("(", ")", 5000, "1") + " }}", Map.of(), "load"));
        c.add(new Case("a recursive macro", "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", Map.of(), "load"));
        c.add(new Case("a method call", "{{ input.getClass() }}", Map.of("input", "a"), "load"));
        c.add(new Case("a Java bean getter", "{{ input.seconds }}", Map.of("input", Duration.ofSeconds(7)), "error"));
        c.add(new Case("a str attribute Python lacks", "[{{ input.bytes }}]", Map.of("input", "abc"), "[]"));
        c.add(new Case("three nested loops over 3,000 items", "{% for a in input %}{% for b in input %}"
                + "{% for d in input %}x{% endfor %}{% endfor %}{% endfor %}", Map.of("input", XS), "error"));
        c.add(new Case("three nested silent loops", "{% for a in input %}{% for b in input %}"
                + "{% for d in input %}{% endfor %}{% endfor %}{% endfor %}", Map.of("input", XS), "error"));
        c.add(new Case("output explosion in a loop", "{% for a in input %}" + "{{ big }}{% endfor %}",
                Map.of("input", XS, "big", BIG), "error"));
        c.add(new Case("join into 300 MB", "{{ input|join(big) }}", Map.of("input", XS, "big", BIG), "error"));
        c.add(new Case("raw stays raw", "{% raw %}{{ 'a' * 9 }}{% endraw %}", Map.of(), "{{ 'a' * 9 }}"));
        c.add(new Case("attribute of undefined", "{{ input.missing.deeper }}", Map.of("input", Map.of()), "error"));
        return c;
    }

    @Test
    void everyHostileTemplateEndsInOneTypedOutcomeOnTime() throws Exception {
        List<Case> cases = cases();
        List<String> rows = new ArrayList<>();
        // Class loading and the bundled prompts' first load are not the templates' cost: warm up once.
        PromptRegistry.bundled();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Path root = dir.resolve("case" + i);
                Path file = root.resolve("glab_ask_git_command/base/9.0.0.yml");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "prompt_template:\n  user: |\n    " + c.template().replace("\n", "\n    ") + "\n");
                long start = System.nanoTime();
                Future<String> outcome = pool.submit(() -> run(root, c));
                String got;
                try {
                    got = outcome.get(DEADLINE.toMillis() + 2000, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    outcome.cancel(true);
                    got = "HUNG";
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                rows.add("| " + c.name() + " | " + got.replace("|", "\\|").replace("\n", " ") + " | " + ms + " ms |");
                assertThat(got).as(c.name()).startsWith(c.expect().equals("load") ? "load problem: "
                        : c.expect().equals("error") ? "typed error: " : "answer: " + c.expect());
                assertThat(ms).as(c.name()).isLessThan(DEADLINE.toMillis() + 2000);
            }
        } finally {
            pool.shutdownNow();
            List<String> report = new ArrayList<>(List.of("| template | outcome | time |", "|---|---|---|"));
            report.addAll(rows);
            Reports.write("hostile-templates.md", report, rows.size() + " hostile templates, -Xmx"
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
    }

    private static String run(Path root, Case c) {
        PromptRegistry registry;
        try {
            registry = PromptRegistry.load(List.of(root));
        } catch (DuoException e) {
            return "typed error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        List<PromptProblem> problems = registry.problems();
        if (!problems.isEmpty()) {
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0).file()).contains(root.toString());
            return "load problem: " + problems.get(0).message();
        }
        PromptTemplate t = registry.select("glab_ask_git_command", ModelFamily.GPT, "9.0.0");
        try {
            Map<String, Object> inputs = new java.util.HashMap<>(c.inputs());
            inputs.putIfAbsent("input", "");
            return "answer: " + t.render(FEATURE, inputs, DEADLINE).messages().get(0).content();
        } catch (InvalidInputException | dev.duo.DuoTimeoutException e) {
            assertThat(e.getMessage()).contains(root.toString());
            return "typed error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
