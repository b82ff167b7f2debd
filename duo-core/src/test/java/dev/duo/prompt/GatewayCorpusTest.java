package dev.duo.prompt;

import dev.duo.admin.PromptProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every gateway prompt definition loads as a user prompt directory and renders, through the API,
 * exactly what the gateway's Jinja2 renders (../shared/aigw-prompts; skipped only where it is absent).
 */
class GatewayCorpusTest {

    private static Path corpus;
    private static PromptRegistry registry;

    @BeforeAll
    static void load() {
        Optional<Path> found = GatewayCorpus.locate();
        Assumptions.assumeTrue(found.isPresent(), GatewayCorpus.ABSENT);
        corpus = found.get();
        registry = PromptRegistry.load(List.of(corpus.resolve("definitions")));
    }

    @Test
    void everyDefinitionLoads() {
        List<String> problems = registry.problems().stream().map(PromptProblem::describe).toList();
        long usable = registry.list().stream().flatMap(l -> l.versions().stream())
                .filter(v -> v.usable() && !v.source().equals("bundled")).count();
        System.out.println("gateway corpus: " + usable + " of 278 definition files load");
        assertThat(problems).isEmpty();
        assertThat(usable).isEqualTo(278);
    }

    @Test
    void everyCaseRendersAsJinja2Does() {
        List<GatewayCorpus.Case> cases = GatewayCorpus.cases(corpus);
        assertThat(cases).hasSize(278);
        List<String> failures = new ArrayList<>();
        int identical = 0;
        for (GatewayCorpus.Case c : cases) {
            String failure = check(c);
            if (failure == null) {
                identical++;
            } else {
                failures.add(c.file() + ": " + failure);
            }
        }
        System.out.println("gateway corpus via the API: " + identical + " of " + cases.size() + " cases identical");
        assertThat(failures).isEmpty();
    }

    private static String check(GatewayCorpus.Case c) {
        Optional<PromptTemplate> t = registry.find(c.promptId(), c.family(), c.version());
        if (t.isEmpty()) {
            return "not loaded";
        }
        RenderedPrompt r;
        try {
            r = t.get().render(c.inputs());
        } catch (RuntimeException e) {
            return "render failed: " + e.getMessage();
        }
        List<Map<String, String>> expected = c.expected().stream().filter(e -> !"placeholder".equals(e.get("role"))).toList();
        if (r.messages().size() != expected.size()) {
            return expected.size() + " messages expected, " + r.messages().size() + " rendered";
        }
        for (int i = 0; i < expected.size(); i++) {
            Message m = r.messages().get(i);
            String role = expected.get(i).get("role");
            if (!role.equals(r.parts().get(i))) {
                return "message " + i + " is " + r.parts().get(i) + ", expected " + role;
            }
            String text = expected.get(i).get("text");
            if (!text.equals(m.content())) {
                return role + " " + GatewayCorpus.firstDifference(text, m.content());
            }
        }
        return null;
    }
}
