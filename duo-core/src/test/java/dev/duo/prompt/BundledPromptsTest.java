package dev.duo.prompt;

import dev.duo.admin.PromptListing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.Role;
import dev.duo.feature.Feature;
import dev.duo.model.ModelFamily;
import dev.duo.spi.RequestMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bundled prompts: complete, loadable, and rendering every feature's realistic inputs. */
class BundledPromptsTest {

    static final PromptRegistry REGISTRY = PromptRegistry.bundled();

    static final String JAVA = """
            public final class Csv {
                static List<String> parseLine(String line) {
                    return List.of(line.split(","));
                }
            }""";
    static final String DIFF = """
            --- a/src/Csv.java
            +++ b/src/Csv.java
            @@ -2,3 +2,5 @@
            -        return List.of(line.split(","));
            +        if (line.isEmpty()) {
            +            return List.of();
            +        }
            +        return List.of(line.split(",", -1));""";

    /** Realistic inputs for each feature: every declared input, as a caller would pass them. */
    static Map<String, ?> inputsFor(Feature f) {
        return switch (f.key()) {
            case "code_generations" -> Map.of("user_instruction", "add a method that parses a quoted CSV field",
                    "file_name", "src/Csv.java", "language", "Java",
                    "trimmed_content_above_cursor", "public final class Csv {\n    ",
                    "trimmed_content_below_cursor", "\n}", "related_files", List.of("class CsvTest {}"),
                    "related_snippets", List.of("static String unquote(String s) { ... }"),
                    "libraries", List.of("junit-jupiter 5.14", "guava 33"));
            case "code_completions" -> Map.of("prefix", "def fib(n):\n    if n < 2:\n        return n\n    ",
                    "suffix", "\n\nprint(fib(10))", "file_name", "fib.py", "language", "Python");
            case "duo_chat" -> Map.of("messages", List.of(Message.user("How do I squash my last three commits?"),
                    Message.assistant("Use an interactive rebase: git rebase -i HEAD~3."),
                    Message.user("And if I already pushed them?")));
            case "duo_chat_explain_code", "duo_chat_write_tests", "duo_chat_refactor_code", "duo_chat_fix_code" ->
                    Map.of("selected_text", "return List.of(line.split(\",\"));", "file_content", JAVA,
                            "input", "Does it handle empty lines?", "file_name", "src/Csv.java", "language", "Java");
            case "duo_chat_troubleshoot_job" -> Map.of("job_log", "$ mvn -B verify\n[ERROR] CsvTest.empty:12 "
                    + "expected: <[]> but was: <[]>\nERROR: Job failed: exit code 1", "job_name", "test",
                    "input", "What broke?");
            case "generate_commit_message" -> Map.of("diff", DIFF, "input", "Mention the issue #42.");
            case "summarize_new_merge_request" -> Map.of("diff", DIFF, "title", "Handle empty CSV lines",
                    "description", "Closes #42");
            case "summarize_review" -> Map.of("review_comments", "src/Csv.java:4: this should keep trailing "
                    + "empty fields\nsrc/Csv.java:2: please add a test for the empty line");
            case "review_merge_request" -> Map.of("diff", DIFF, "title", "Handle empty CSV lines",
                    "description", "Closes #42", "file_name", "src/Csv.java");
            case "duo_chat_summarize_comments" -> Map.of("comments", "alice: the export times out on big "
                    + "projects\nbob: I can reproduce with 10k issues\nalice: let's paginate, bob takes it");
            case "duo_chat_explain_vulnerability", "resolve_vulnerability" -> Map.of("vulnerability",
                    "CWE-89: SQL injection. User input flows into Statement.executeQuery.",
                    "selected_text", "stmt.executeQuery(\"SELECT * FROM users WHERE name = '\" + name + \"'\");",
                    "file_name", "src/Users.java", "language", "Java");
            case "glab_ask_git_command" -> Map.of("input", "undo my last commit but keep the changes");
            default -> throw new IllegalArgumentException(f.key());
        };
    }

    @Test
    void bundledPromptsLoadWithoutProblems() {
        assertThat(REGISTRY.problems()).isEmpty();
        assertThat(REGISTRY.warnings()).isEmpty();
    }

    @Test
    void indexListsExactlyTheBundledFiles() throws IOException {
        Path folder = Path.of("src/main/resources/dev/duo/prompts");
        List<String> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("INDEX")).sorted().toList();
        }
        String index;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/duo/prompts/INDEX")) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> listed = index.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        assertThat(listed).as("dev/duo/prompts/INDEX must list every bundled prompt file").isEqualTo(files);
    }

    @Test
    void everyFeatureHasABasePromptAndResolvesForEveryCompatibleFamily() {
        for (Feature f : TestFeatures.ALL) {
            assertThat(REGISTRY.find(f.promptId(), "base", "1.0.0")).as(f.promptId() + "/base/1.0.0").isPresent();
            for (ModelFamily family : f.families()) {
                PromptTemplate t = REGISTRY.select(f.promptId(), family, f.promptVersion());
                assertThat(family.promptLookupOrder()).contains(t.family());
                RenderedPrompt p = t.render(f, inputsFor(f));
                assertThat(p.messages()).isNotEmpty();
            }
        }
    }

    @Test
    void everyBundledPromptRendersRealisticInputs() {
        int rendered = 0;
        for (PromptListing l : REGISTRY.list()) {
            Feature f = TestFeatures.ALL.stream().filter(x -> x.promptId().equals(l.id())).findFirst().orElseThrow();
            for (PromptListing.Version v : l.versions()) {
                assertThat(v.source()).isEqualTo("bundled");
                PromptTemplate t = REGISTRY.find(l.id(), l.family(), v.version()).orElseThrow();
                RenderedPrompt p = t.render(f, inputsFor(f));
                System.out.println("===== " + t.describe() + " " + p.params());
                p.messages().forEach(m -> System.out.println("--- " + m.role() + "\n" + m.content()));
                for (Message m : p.messages()) {
                    assertThat(m.content()).as(t.describe()).isNotBlank().doesNotContain("{{", "{%");
                }
                assertThat(p.params().maxTokens()).as(t.describe()).isPresent();
                assertThat(p.params().timeout()).as(t.describe()).isPresent();
                rendered++;
            }
        }
        assertThat(rendered).isGreaterThanOrEqualTo(16 + 5);
    }

    @Test
    void codestralCompletionIsARawFillInTheMiddlePrompt() {
        PromptTemplate t = REGISTRY.select("code_suggestions/completions", ModelFamily.CODESTRAL, "^1.0.0");
        RenderedPrompt p = t.render(TestFeatures.CODE_COMPLETIONS, Map.of("prefix", "def add(a, b):\n    ",
                "suffix", "\n\nprint(add(1, 2))"));
        assertThat(p.mode()).isEqualTo(RequestMode.TEXT);
        assertThat(p.messages()).containsExactly(
                Message.user("[SUFFIX]\n\nprint(add(1, 2))[PREFIX]def add(a, b):\n    "));
        assertThat(p.params().stop().orElseThrow()).contains("[PREFIX]", "[SUFFIX]", "[MIDDLE]");
        assertThat(t.describe()).isEqualTo("code_suggestions/completions/codestral/1.0.0");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '#', value = {
            "CODEGEMMA # <|fim_prefix|>int x = <|fim_suffix|>;<|fim_middle|>",
            "CODELLAMA # <PRE> int x =  <SUF>; <MID>",
            "DEEPSEEKCODER # <\uff5cfim\u2581begin\uff5c>int x = <\uff5cfim\u2581hole\uff5c>;<\uff5cfim\u2581end\uff5c>",
    })
    void codeModelsGetTheirOwnFillInTheMiddleFormat(ModelFamily family, String expected) {
        RenderedPrompt p = REGISTRY.select("code_suggestions/completions", family, "^1.0.0")
                .render(TestFeatures.CODE_COMPLETIONS, Map.of("prefix", "int x = ", "suffix", ";"));
        assertThat(p.mode()).isEqualTo(RequestMode.TEXT);
        assertThat(p.messages()).containsExactly(Message.user(expected));
    }

    @Test
    void aCompletionWithoutSuffixRendersAnEmptySuffix() {
        RenderedPrompt p = REGISTRY.select("code_suggestions/completions", ModelFamily.CODESTRAL, "^1.0.0")
                .render(TestFeatures.CODE_COMPLETIONS, Map.of("prefix", "x = "));
        assertThat(p.messages()).containsExactly(Message.user("[SUFFIX][PREFIX]x = "));
    }

    @Test
    void chatConversationFollowsTheSystemMessage() {
        List<Message> conversation = List.of(Message.user("hi"), Message.assistant("hello"), Message.user("why?"));
        RenderedPrompt p = REGISTRY.select("chat/react", ModelFamily.LLAMA3, "^1.0.0")
                .render(TestFeatures.DUO_CHAT, Map.of("messages", conversation));
        assertThat(p.mode()).isEqualTo(RequestMode.CHAT);
        assertThat(p.messages()).hasSize(4);
        assertThat(p.messages().get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(p.messages().subList(1, 4)).isEqualTo(conversation);
    }
}
