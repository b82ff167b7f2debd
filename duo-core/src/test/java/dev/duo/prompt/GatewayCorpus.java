package dev.duo.prompt;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GitLab AI gateway's 278 prompt definitions and what real Jinja2 renders for each, in
 * {@code ../shared/aigw-prompts} beside the project (licensed for testing only: read in place, never
 * copied). Shared by the API test here and the CLI test in examples.
 */
public final class GatewayCorpus {

    /** One case of {@code cases.jsonl}. */
    public record Case(String file, String promptId, String family, String version, Map<String, Object> inputs,
            List<Map<String, String>> expected) {
    }

    private GatewayCorpus() {
    }

    /** {@code ../shared/aigw-prompts} relative to the project root, when it is there. */
    public static Optional<Path> locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("duo-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                Path corpus = p.resolve("../shared/aigw-prompts").normalize();
                return Files.isRegularFile(corpus.resolve("cases.jsonl")) ? Optional.of(corpus) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Why a test is skipped when the corpus is absent. */
    public static final String ABSENT = "../shared/aigw-prompts is absent (a clone of the project on its own): "
            + "the gateway-corpus test needs the shared folder beside the project root, as CI has it";

    /** Every case, in file order. */
    @SuppressWarnings("unchecked")
    public static List<Case> cases(Path corpus) {
        ObjectMapper json = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(corpus.resolve("cases.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> c = json.readValue(line, Map.class);
                out.add(new Case((String) c.get("file"), (String) c.get("prompt_id"), (String) c.get("family"),
                        (String) c.get("version"), (Map<String, Object>) c.get("inputs"),
                        (List<Map<String, String>>) c.get("expected")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The first difference between two texts, for a readable failure. */
    public static String firstDifference(String expected, String actual) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 60);
        return "at char " + i + ": expected «" + snippet(expected, from, i) + "» got «" + snippet(actual, from, i) + "»";
    }

    private static String snippet(String s, int from, int at) {
        return s.substring(Math.min(from, s.length()), Math.min(s.length(), at + 60)).replace("\n", "\\n");
    }
}
