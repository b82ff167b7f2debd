package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL datasets: read as a stream, malformed lines named by number, skipped or fatal. */
class DatasetTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("cases.jsonl");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void readsIdsInputsReferencesAndTagsWithTheLineNumberAsDefaultId() throws Exception {
        Path f = file("{\"id\": \"a\", \"inputs\": {\"input\": \"undo\", \"libraries\": [\"x\", \"y\"]}, \"reference\": \"git reset\", \"tags\": [\"git\"]}",
                "",
                "{\"inputs\": {\"input\": \"log\"}}",
                "{\"id\": 7, \"inputs\": {\"n\": 3}}");
        List<EvalCase> cases;
        try (Stream<EvalCase> s = Dataset.jsonl(f).stream()) {
            cases = s.toList();
        }
        assertThat(cases).extracting(EvalCase::id).containsExactly("a", "3", "7");
        assertThat(cases.get(0).inputs()).isEqualTo(Map.of("input", "undo", "libraries", List.of("x", "y")));
        assertThat(cases.get(0).reference()).contains("git reset");
        assertThat(cases.get(0).tags()).containsExactly("git");
        assertThat(cases.get(1).line()).isEqualTo(3);
        assertThat(cases.get(1).reference()).isEmpty();
        assertThat(cases.get(2).inputs().get("n")).isEqualTo(3);
    }

    @Test
    void aMalformedLineIsFatalByDefaultNamingFileAndLine() throws Exception {
        Path f = file("{\"inputs\": {\"input\": \"a\"}}", "{\"inputs\": {\"input\": \"b\"", "{\"inputs\": {}}");
        assertThatThrownBy(() -> {
            try (Stream<EvalCase> s = Dataset.jsonl(f).stream()) {
                s.forEach(c -> { });
            }
        }).isInstanceOf(EvaluationException.class)
                .hasMessageContaining(f + ", line 2: not valid JSON")
                .hasMessageContaining("--skip-malformed");
    }

    @Test
    void malformedLinesCanBeSkippedAndAreReported() throws Exception {
        Path f = file("{\"inputs\": {\"input\": \"a\"}}",
                "not json",
                "[1, 2]",
                "{\"id\": \"x\"}",
                "{\"id\": {}, \"inputs\": {}}",
                "{\"inputs\": {}, \"reference\": 3}",
                "{\"inputs\": {}, \"tags\": \"t\"}",
                "{\"id\": \"1\", \"inputs\": {}}",
                "{\"id\": \"ok\", \"inputs\": {\"input\": \"b\"}}");
        List<Dataset.Problem> problems = new ArrayList<>();
        List<String> ids;
        try (Stream<EvalCase> s = Dataset.jsonl(f).skipMalformed().stream(problems::add)) {
            ids = s.map(EvalCase::id).toList();
        }
        assertThat(ids).containsExactly("1", "ok");
        assertThat(problems).extracting(Dataset.Problem::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(problems).extracting(Dataset.Problem::message).containsExactly(
                problems.get(0).message(),
                "a case must be a JSON object, got ARRAY",
                "a case needs \"inputs\": an object of the feature's named inputs",
                "\"id\" must be a string or a whole number",
                "\"reference\" must be a string",
                "\"tags\" must be a list of strings",
                "the id '1' is used by an earlier line");
        assertThat(problems.get(0).message()).startsWith("not valid JSON");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> Dataset.jsonl(dir.resolve("nope.jsonl")).stream())
                .isInstanceOf(EvaluationException.class).hasMessageContaining("nope.jsonl does not exist");
    }

    @Test
    void aLargeDatasetIsReadLazily() throws Exception {
        Path f = dir.resolve("big.jsonl");
        try (var w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < 200_000; i++) {
                w.write("{\"inputs\": {\"input\": \"case " + i + "\"}}\n");
            }
        }
        try (Stream<EvalCase> s = Dataset.jsonl(f).stream()) {
            assertThat(s.limit(3).map(EvalCase::id).toList()).containsExactly("1", "2", "3");
        }
    }
}
