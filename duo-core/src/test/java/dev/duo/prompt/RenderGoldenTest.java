package dev.duo.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.admin.PromptListing;
import dev.duo.feature.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Rendering does not change under optimisation: every bundled prompt (with each feature's realistic
 * inputs, and with only its required inputs) and every case of {@code ../shared/aigw-prompts} renders
 * to the same messages as when the golden file was taken (before the render path was optimised).
 * Each render is kept as a SHA-256 digest of its parts, roles and texts (or of its error message),
 * one line per render, in {@code render-golden.txt} beside this class.
 *
 * <p>To regenerate it, when a commit changes rendering on purpose (the gateway-fidelity work does;
 * keep such commits apart from optimisations), run from the project root:
 * <pre>
 * mvn -B -ntp -q -pl duo-core -am test -Dtest=RenderGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dduo.renderGolden.write=true
 * </pre>
 * which rewrites {@code duo-core/src/test/resources/dev/duo/prompt/render-golden.txt}; review the diff.
 */
class RenderGoldenTest {

    private static final String RESOURCE = "dev/duo/prompt/render-golden.txt";
    private static final boolean WRITE = Boolean.getBoolean("duo.renderGolden.write");

    @Test
    void bundledPromptsRenderAsBefore() throws IOException {
        Map<String, String> now = new TreeMap<>();
        PromptRegistry registry = PromptRegistry.bundled();
        for (PromptListing l : registry.list()) {
            Feature f = TestFeatures.ALL.stream().filter(x -> x.promptId().equals(l.id())).findFirst().orElseThrow();
            for (PromptListing.Version v : l.versions()) {
                PromptTemplate t = registry.find(l.id(), l.family(), v.version()).orElseThrow();
                now.put("bundled:" + t.describe() + ":full", digest(() -> t.render(f, BundledPromptsTest.inputsFor(f))));
                Map<String, Object> required = new HashMap<>(BundledPromptsTest.inputsFor(f));
                required.keySet().removeIf(k -> f.input(k).map(in -> !in.required()).orElse(true));
                now.put("bundled:" + t.describe() + ":required", digest(() -> t.render(f, required)));
            }
        }
        assertThat(now).hasSizeGreaterThanOrEqualTo(2 * 21);
        compare("bundled:", now);
    }

    @Test
    void gatewayCorpusRendersAsBefore() throws IOException {
        Optional<Path> corpus = GatewayCorpus.locate();
        Assumptions.assumeTrue(corpus.isPresent(), GatewayCorpus.ABSENT);
        PromptRegistry registry = PromptRegistry.load(List.of(corpus.get().resolve("definitions")));
        Map<String, String> now = new TreeMap<>();
        for (GatewayCorpus.Case c : GatewayCorpus.cases(corpus.get())) {
            Optional<PromptTemplate> t = registry.find(c.promptId(), c.family(), c.version());
            now.put("corpus:" + c.file(), t.isEmpty() ? "not-loaded" : digest(() -> t.get().render(c.inputs())));
        }
        assertThat(now).hasSize(278);
        compare("corpus:", now);
    }

    /** Compares with the golden lines of this prefix, or rewrites them when asked to. */
    private static void compare(String prefix, Map<String, String> now) throws IOException {
        Map<String, String> golden = read();
        if (WRITE) {
            golden.keySet().removeIf(k -> k.startsWith(prefix));
            golden.putAll(now);
            write(golden);
            return;
        }
        Map<String, String> expected = new TreeMap<>();
        golden.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                expected.put(k, v);
            }
        });
        List<String> changed = new ArrayList<>();
        now.forEach((k, v) -> {
            if (!v.equals(expected.get(k))) {
                changed.add(k + (expected.containsKey(k) ? " renders differently" : " is not in the golden file"));
            }
        });
        expected.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> changed.add(k + " was not rendered"));
        assertThat(changed).as("renders that differ from " + RESOURCE + " (see this class's javadoc to regenerate "
                + "it when the change is intended)").isEmpty();
    }

    private interface Render {
        RenderedPrompt run();
    }

    /** A digest of every message's part, role and text; or of the error, for a render that fails. */
    private static String digest(Render render) {
        StringBuilder sb = new StringBuilder();
        try {
            RenderedPrompt p = render.run();
            sb.append(p.mode()).append('\u0002');
            for (int i = 0; i < p.messages().size(); i++) {
                Message m = p.messages().get(i);
                sb.append(p.parts().get(i)).append('\u0000').append(m.role()).append('\u0000').append(m.content())
                        .append('\u0001');
            }
        } catch (RuntimeException e) {
            sb.append("error:").append(e.getClass().getSimpleName()).append(':').append(e.getMessage());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path source = sourceFile();
        String text;
        if (WRITE && Files.isRegularFile(source)) {
            text = Files.readString(source);
        } else {
            try (InputStream in = RenderGoldenTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return out;
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int sp = l.lastIndexOf(' ');
            out.put(l.substring(0, sp), l.substring(sp + 1));
        });
        return out;
    }

    private static void write(Map<String, String> golden) throws IOException {
        StringBuilder sb = new StringBuilder("# Digests of renders taken before the render path was optimised: see "
                + "RenderGoldenTest's javadoc.\n");
        new LinkedHashMap<>(golden).forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        Files.writeString(sourceFile(), sb.toString());
    }

    /** The golden file in the source tree (tests run with duo-core as their working directory). */
    private static Path sourceFile() {
        return Path.of("src/test/resources").resolve(RESOURCE);
    }
}
