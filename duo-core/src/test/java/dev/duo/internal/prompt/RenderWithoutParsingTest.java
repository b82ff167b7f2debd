package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proof that rendering parses nothing and reads no file: every parse goes through one counter
 * (the interpreter's {@code parse}, which Jinjava's own include and extends tags call), and every
 * file read at render through a resource locator that counts and fails.
 */
class RenderWithoutParsingTest {

    @Test
    void renderingManyTimesParsesAndReadsNothing() {
        PromptCatalog catalog = PromptCatalog.load(List.of(Path.of("src/test/resources/prompts/gateway")));
        assertThat(catalog.problems()).isEmpty();
        long parsedAtLoad = catalog.parses();
        assertThat(parsedAtLoad).isPositive();

        PromptTemplate nested = catalog.select("chat/explain_code", ModelFamily.CLAUDE_3, "^1.0.0");
        PromptTemplate bundled = catalog.select("code_suggestions/generations", ModelFamily.LLAMA3, "^1.0.0");
        PromptTemplate dynamic = catalog.select("custom/dynamic", ModelFamily.GPT, "^1.0.0");
        var explain = dev.duo.prompt.TestAccess.feature("duo_chat_explain_code");
        var generate = dev.duo.prompt.TestAccess.feature("code_generations");
        int renders = 2_000;
        long start = System.nanoTime();
        for (int i = 0; i < renders; i++) {
            List<Message> a = nested.render(explain, Map.of("selected_text", "x" + i, "language", "Java")).messages();
            assertThat(a.get(0).content()).isEqualTo("You are a software developer. You write Java.");
            bundled.render(generate, Map.of("user_instruction", "sort " + i, "libraries", List.of("guava")));
            dynamic.render(generate, Map.of("user_instruction", "x", "message", Map.of("content", "q",
                    "context", Map.of("type", i % 2 == 0 ? "issue" : "merge_request", "title", "t"))));
        }
        long micros = (System.nanoTime() - start) / 1_000 / (2L * renders);
        // Reported, not asserted: timings are not tests.
        System.out.println("average render: " + micros + " us");

        assertThat(catalog.parses()).as("templates parsed while rendering").isEqualTo(parsedAtLoad);
        assertThat(catalog.resourceReadsAtRender()).as("template files read while rendering").isZero();
    }

    @Test
    void sharedFragmentsAreParsedOncePerRegistry() {
        PromptCatalog catalog = PromptCatalog.load(List.of());
        // Each role template is parsed once, and each fragment once however many prompts include it.
        long roleTemplates = 0;
        long fragments = 0;
        try (var in = getClass().getClassLoader().getResourceAsStream("dev/duo/prompts/INDEX")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.endsWith(".jinja")) {
                    fragments++;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (var l : catalog.list()) {
            for (var v : l.versions()) {
                PromptTemplate t = catalog.find(l.id(), l.family(), v.version()).orElseThrow();
                roleTemplates += t.mode() == dev.duo.spi.RequestMode.TEXT ? 1 : countRoles(t);
            }
        }
        assertThat(catalog.parses()).isEqualTo(roleTemplates + fragments);
    }

    private static long countRoles(PromptTemplate t) {
        return ((CompiledPrompt) t).templateCount();
    }
}
