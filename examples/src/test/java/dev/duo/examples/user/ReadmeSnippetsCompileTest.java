package dev.duo.examples.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.examples.user.ReadmeSnippets.Snippet;
import dev.duo.examples.user.ReadmeSnippets.Source;
import dev.duo.examples.user.ReadmeSnippets.Wrap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's examples compile: every {@code ```java} block of README.md, made into a source file as
 * {@link ReadmeSnippets} describes, compiled against the published modules (every {@code duo-*}
 * module the examples depend on: a new one's snippets compile once the examples depend on it) and
 * the example service README refers to. A block that does
 * not compile fails the test with its README line and the compiler's message.
 */
class ReadmeSnippetsCompileTest {

    @TempDir
    Path dir;

    @Test
    void everyJavaSnippetOfReadmeCompiles() throws Exception {
        Path readme = Files.exists(Path.of("../README.md")) ? Path.of("../README.md") : Path.of("README.md");
        List<Snippet> snippets = ReadmeSnippets.extract(Files.readString(readme, StandardCharsets.UTF_8));
        assertThat(snippets).as("README's java blocks").hasSizeGreaterThanOrEqualTo(5);

        List<String> failures = compile(snippets);

        assertThat(failures).as("README snippets that do not compile (README.md line: compiler message)").isEmpty();
    }

    @Test
    void aSnippetThatDoesNotCompileIsNamedByItsReadmeLine() throws Exception {
        String markdown = """
                # A readme

                ```java
                Completion c = DuoClient.forFeature("duo_chat").generate(inputs);
                System.out.println(c.txt());
                ```

                <!-- not compiled: pseudo-code -->
                ```java
                this is not Java
                ```

                ```java
                @DuoTest
                class ATest {
                    @Test
                    void works(FakeModelClient fake) {
                        fake.whenFeature("duo_chat").thenAnswer("hi");
                        assertThat(fake.requests()).isEmpty();
                        fake.nope();
                    }
                }
                ```

                ```java
                @Override
                public String toString() { return "members, not statements"; }
                ```
                """;
        List<Snippet> snippets = ReadmeSnippets.extract(markdown);
        assertThat(snippets).extracting(Snippet::line).containsExactly(4, 14, 26);

        List<String> failures = compile(snippets);

        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).startsWith("README.md line 5 (the java block at line 4): cannot find symbol")
                .contains("txt()");
        assertThat(failures.get(1)).startsWith("README.md line 20 (the java block at line 14): cannot find symbol")
                .contains("nope()");
    }

    /**
     * Compiles the snippets: each is parsed on its own first (a block of statements that does not
     * parse is tried as class members), then those that parse are compiled together.
     */
    private List<String> compile(List<Snippet> snippets) {
        List<Path> modules = ReadmeSnippets.sdkModules(UserProject.classPath());
        assertThat(modules.toString()).as("the published modules on the class path")
                .contains("duo-core", "duo-testkit", "duo-eval", "duo-fireworks", "duo-bedrock");
        Map<String, String> types = ReadmeSnippets.publicTypes(modules, getClass().getClassLoader());
        Map<Snippet, List<String>> errors = new LinkedHashMap<>();
        List<Source> parsed = new ArrayList<>();
        for (Snippet s : snippets) {
            Source src = ReadmeSnippets.source(s, null, types);
            List<String> syntax = ReadmeSnippets.syntaxErrors(src);
            if (!syntax.isEmpty() && src.wrap() == Wrap.STATEMENTS) {
                Source members = ReadmeSnippets.source(s, Wrap.MEMBERS, types);
                if (ReadmeSnippets.syntaxErrors(members).isEmpty()) {
                    src = members;
                    syntax = List.of();
                }
            }
            if (syntax.isEmpty()) {
                parsed.add(src);
            } else {
                Source failed = src;
                errors.put(s, syntax.stream().map(e -> message(failed, e)).toList());
            }
        }
        errors.putAll(compileTogether(parsed));
        List<String> out = new ArrayList<>();
        for (Snippet s : snippets) {
            out.addAll(errors.getOrDefault(s, List.of()));
        }
        return out;
    }

    // "line: message" of a source -> the README line and the message
    private static String message(Source src, String error) {
        int colon = error.indexOf(':');
        int line = src.readmeLine(Long.parseLong(error.substring(0, colon)));
        return "README.md line " + line + " (the java block at line " + src.snippet().line() + "): "
                + error.substring(colon + 1).trim().replaceAll("\\s*\\R\\s*", " ");
    }

    private Map<Snippet, List<String>> compileTogether(List<Source> sources) {
        UserProject project = new UserProject(dir).source("readme/Context.java", ReadmeSnippets.CONTEXT);
        Map<String, Source> byPath = new LinkedHashMap<>();
        for (Source src : sources) {
            byPath.put(src.path(), src);
            project.source(src.path(), src.text());
        }
        Map<Snippet, List<String>> errors = new LinkedHashMap<>();
        for (String e : project.compile()) {
            int colon = e.indexOf(':');   // path:line: message
            Source src = byPath.get(e.substring(0, colon));
            if (src == null) {
                throw new AssertionError("the snippet harness itself does not compile: " + e);
            }
            errors.computeIfAbsent(src.snippet(), k -> new ArrayList<>()).add(message(src, e.substring(colon + 1)));
        }
        return errors;
    }
}
