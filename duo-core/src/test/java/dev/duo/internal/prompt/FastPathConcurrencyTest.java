package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One compiled prompt on the fast path rendered from many threads at once, each with its own
 * inputs: every render is exactly what a render alone makes (plans are immutable, each render's
 * state and buffer its own).
 */
class FastPathConcurrencyTest {

    @Test
    void manyThreadsRenderOnePromptEachWithItsOwnInputs() throws Exception {
        PromptCatalog catalog = PromptCatalog.load(List.of());
        PromptTemplate t = catalog.select("code_suggestions/generations", ModelFamily.MISTRAL, "^1.0.0");
        assertThat(((CompiledPrompt) t).fast()).isTrue();
        var feature = dev.duo.prompt.TestAccess.feature("code_generations");
        List<Map<String, Object>> inputs = new ArrayList<>();
        List<RenderedPrompt> alone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> in = Map.of("user_instruction", "task " + i, "file_name", "F" + i + ".java",
                    "libraries", i % 2 == 0 ? List.of("lib" + i) : List.of(),
                    "trimmed_content_above_cursor", "x".repeat(i * 300));
            inputs.add(in);
            alone.add(t.render(feature, in));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        int k = (worker + i) % inputs.size();
                        if (t.render(feature, inputs.get(k)).equals(alone.get(k))) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalog.jinjavaStarted()).isFalse();
    }
}
