package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cold start whose prompts fit the fast subset never starts Jinjava: the bundled code generation
 * prompt is selected and rendered, in this JVM (the catalog's flag) and in a fresh one (no class
 * of Jinjava, its expression language or Guava is loaded at all).
 */
class ColdRenderTest {

    /** The work of a cold start: load the bundled prompts, select code generation, render it. */
    static RenderedPrompt coldRender(PromptCatalog catalog) {
        PromptTemplate t = catalog.select("code_suggestions/generations", ModelFamily.MISTRAL, "^1.0.0");
        return t.render(dev.duo.prompt.TestAccess.feature("code_generations"), Map.of("user_instruction",
                "reverse a string", "file_name", "Strings.java", "language", "java",
                "trimmed_content_above_cursor", "class Strings {", "trimmed_content_below_cursor", "}"));
    }

    @Test
    void renderingTheCodeGenerationPromptDoesNotStartJinjava() {
        PromptCatalog catalog = PromptCatalog.load(List.of());
        RenderedPrompt rendered = coldRender(catalog);
        assertThat(rendered.messages()).hasSize(2);
        assertThat(rendered.messages().get(1).content()).contains("reverse a string");
        assertThat(catalog.jinjavaStarted()).isFalse();
        assertThat(catalog.lateParses()).isZero();
        // Asking for every problem parses every bundled file: all of them fit, so still no Jinjava.
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.jinjavaStarted()).isFalse();
    }

    @Test
    void aFreshJvmRenderingTheCodeGenerationPromptLoadsNoJinjavaClass() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info:stdout", "-cp", System.getProperty("java.class.path"),
                ColdRenderMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("COLD RENDER OK");
        List<String> loaded = out.lines().filter(l -> l.contains("com.hubspot.jinjava") || l.contains("jinjava.de.odysseus")
                || l.contains("com.google.common.")).toList();
        assertThat(loaded).as("Jinjava, its EL and Guava classes loaded by a cold render").isEmpty();
        assertThat(out).contains("dev.duo.internal.prompt.FastTemplate");
    }

    /** The child JVM's main. */
    static final class ColdRenderMain {
        private ColdRenderMain() {
        }

        public static void main(String[] args) {
            RenderedPrompt r = coldRender(PromptCatalog.load(List.of()));
            System.out.println(r.messages().size() == 2 ? "COLD RENDER OK" : "COLD RENDER WRONG");
        }
    }
}
