package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the gateway corpus (../shared/aigw-prompts, read in place: it is licensed for testing
 * only) rendered through {@code duo prompts render ... --inputs-json ... --json} is exactly what the
 * gateway's Jinja2 renders. Skipped only where ../shared is absent.
 */
class PromptsRenderCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Optional<Path> corpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("duo-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                Path c = p.resolve("../shared/aigw-prompts").normalize();
                return Files.isRegularFile(c.resolve("cases.jsonl")) ? Optional.of(c) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCaseRendersThroughTheCliAsJinja2Does() throws IOException {
        Optional<Path> found = corpus();
        Assumptions.assumeTrue(found.isPresent(), "../shared/aigw-prompts is absent (a clone of the project on its "
                + "own): this test needs the shared folder beside the project root, as CI has it");
        Path definitions = found.get().resolve("definitions");
        Files.writeString(dir.resolve("duo.yml"), "prompts:\n  directories: [ '" + definitions + "' ]\n");
        Cli cli = new Cli(dir);
        picocli.CommandLine commandLine = cli.commandLine();
        List<String> failures = new ArrayList<>();
        int identical = 0;
        int total = 0;
        for (String line : Files.readAllLines(found.get().resolve("cases.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            total++;
            Map<String, Object> c = JSON.readValue(line, Map.class);
            Path inputs = dir.resolve("inputs.json");
            JSON.writeValue(inputs.toFile(), c.get("inputs"));
            Cli.Result r = cli.run(commandLine, "prompts", "render", (String) c.get("prompt_id"), "--family", (String) c.get("family"),
                    "--version", (String) c.get("version"), "--inputs-json", "inputs.json", "--json");
            String failure = r.code() != 0 ? "exit " + r.code() + ": " + r.err().trim() : compare(c, r.out());
            if (failure == null) {
                identical++;
            } else {
                failures.add(c.get("file") + ": " + failure);
            }
        }
        System.out.println("gateway corpus via duo prompts render: " + identical + " of " + total + " cases identical");
        assertThat(failures).isEmpty();
        assertThat(total).isEqualTo(278);
    }

    @SuppressWarnings("unchecked")
    private static String compare(Map<String, Object> c, String out) throws IOException {
        Map<String, Object> rendered = JSON.readValue(out, Map.class);
        String expectedPrompt = c.get("prompt_id") + "/" + c.get("family") + "/" + c.get("version");
        if (!expectedPrompt.equals(rendered.get("prompt"))) {
            return "rendered " + rendered.get("prompt") + ", expected " + expectedPrompt;
        }
        List<Map<String, String>> expected = ((List<Map<String, String>>) c.get("expected")).stream()
                .filter(e -> !"placeholder".equals(e.get("role"))).toList();
        List<Map<String, String>> messages = (List<Map<String, String>>) rendered.get("messages");
        if (messages.size() != expected.size()) {
            return expected.size() + " messages expected, " + messages.size() + " rendered";
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).get("role").equals(messages.get(i).get("part"))) {
                return "message " + i + " is " + messages.get(i).get("part") + ", expected " + expected.get(i).get("role");
            }
            if (!expected.get(i).get("text").equals(messages.get(i).get("content"))) {
                return expected.get(i).get("role") + " differs";
            }
        }
        return null;
    }
}
