package dev.duo.examples.user;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * README's Java snippets, made compilable the way a reader would paste them: each {@code ```java}
 * block becomes a source file. A block that declares a top-level type is a compilation unit of its
 * own; any other block is a run of statements, wrapped in a method (or, if that does not compile,
 * class members, wrapped in a class). The imports a reader would add are added: every public
 * type of the published modules whose simple name the block uses (internal packages never), the
 * JDK's {@code java.util}, {@code java.nio.file} and {@code java.time}, JUnit's annotations, AssertJ's
 * {@code assertThat}, and {@link #CONTEXT}'s names, the values README's blocks use without declaring
 * them ({@code DIFF}, {@code duo} ...). A block preceded by the line {@code <!-- not compiled: why -->}
 * is left out.
 */
final class ReadmeSnippets {

    /** The names README's snippets use without declaring them, as a class the snippets import statically. */
    static final String CONTEXT = """
            package readme;

            import dev.duo.DuoClient;
            import dev.duo.StreamListener;
            import java.util.Map;

            /** What README's snippets take as given. */
            public final class Context {
                public static final String DIFF = "diff --git a/README.md b/README.md";
                public static String src = "";
                public static DuoClient duo;
                public static Map<String, Object> inputs = Map.of();
                public static StreamListener listener;

                private Context() {
                }
            }
            """;

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("^<!--\\s*not compiled\\b.*-->\\s*$");
    // A type declared at the start of a line (nested types are indented), perhaps after annotations.
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:@.*\\s)?(?:(?:public|final|abstract|sealed)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*\\b");
    private static final String STANDARD_IMPORTS = """
            import java.util.*;
            import java.nio.file.*;
            import java.time.*;
            import org.junit.jupiter.api.*;
            import static org.assertj.core.api.Assertions.assertThat;
            import static org.assertj.core.api.Assertions.assertThatThrownBy;
            import static readme.Context.*;
            """;

    private ReadmeSnippets() {
    }

    /** One {@code ```java} block: the README line of its first code line, and its text. */
    record Snippet(int line, String code) {
    }

    /** How a snippet is wrapped: as it is, in a method, in a class. */
    enum Wrap { UNIT, STATEMENTS, MEMBERS }

    /** A snippet as a source file: where it goes, its text, and how many lines precede the snippet's. */
    record Source(Snippet snippet, Wrap wrap, String path, String text, int headerLines) {

        /** The README line of a line of this source file (1-based). */
        int readmeLine(long sourceLine) {
            return snippet.line() + (int) (sourceLine - headerLines - 1);
        }
    }

    /** The {@code ```java} blocks of a Markdown text, with the line each starts at. */
    static List<Snippet> extract(String markdown) {
        List<Snippet> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String previous = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                if (!lines[i].isBlank()) {
                    previous = lines[i];
                }
                continue;
            }
            int start = i + 1;
            StringBuilder code = new StringBuilder();
            while (++i < lines.length && !lines[i].startsWith("```")) {
                code.append(lines[i]).append('\n');
            }
            if (open.group(1).equals("java") && !SKIP.matcher(previous.trim()).matches()) {
                out.add(new Snippet(start + 1, code.toString()));
            }
            previous = "";
        }
        return out;
    }

    /** The snippet as a source file, wrapped as {@code wrap} says (null: as its shape suggests). */
    static Source source(Snippet s, Wrap wrap, Map<String, String> knownTypes) {
        List<String> ownImports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int dropped = 0;
        for (String line : s.code().split("\n", -1)) {
            // A reader puts imports at the top and uses their own package; keep the line count for the mapping.
            if (line.startsWith("import ") || line.startsWith("package ")) {
                if (line.startsWith("import ")) {
                    ownImports.add(line);
                }
                body.append('\n');
                dropped++;
                continue;
            }
            body.append(line).append('\n');
        }
        Matcher type = TOP_LEVEL_TYPE.matcher(body);
        Wrap w = wrap != null ? wrap : type.find() ? Wrap.UNIT : Wrap.STATEMENTS;
        String pkg = "readme.l" + s.line();
        String name = w == Wrap.UNIT && type.find(0) ? type.group(1) : "Snippet";
        StringBuilder header = new StringBuilder("package " + pkg + ";\n").append(STANDARD_IMPORTS);
        ownImports.forEach(i -> header.append(i).append('\n'));
        for (String simple : typeNamesUsed(body.toString())) {
            String fqn = knownTypes.get(simple);
            if (fqn != null) {
                header.append("import ").append(fqn).append(";\n");
            }
        }
        switch (w) {
            case STATEMENTS -> header.append("class Snippet {\nvoid run() throws Exception {\n");
            case MEMBERS -> header.append("class Snippet {\n");
            default -> { }
        }
        String footer = switch (w) {
            case STATEMENTS -> "}\n}\n";
            case MEMBERS -> "}\n";
            default -> "";
        };
        int headerLines = (int) header.chars().filter(c -> c == '\n').count();
        return new Source(s, w, pkg.replace('.', '/') + "/" + name + ".java", header + body.toString() + footer, headerLines);
    }

    /**
     * The syntax errors of a source, as {@code line: message}, from javac's parser alone (javac stops
     * at a syntax error in any file before checking the others, so each snippet is parsed on its own first).
     */
    static List<String> syntaxErrors(Source source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + source.path()), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source.text();
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                out.add(d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        return out;
    }

    private static TreeSet<String> typeNamesUsed(String code) {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = TYPE_NAME.matcher(code.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /**
     * The SDK's modules on this class path, duo-core first: each {@code duo-*} module's classes
     * directory (or jar), and the examples' own classes (README refers to its example service). A
     * published module the examples depend on is found without being named here.
     */
    static List<Path> sdkModules(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String s = p.toString().replace('\\', '/');
            boolean module = s.matches(".*/duo-[a-z0-9-]+/target/classes/?") || s.matches(".*/examples/target/classes/?")
                    || (p.getFileName() != null && p.getFileName().toString().matches("duo-[a-z0-9-]+-\\d.*\\.jar"));
            if (module && Files.exists(p)) {
                out.add(p);
            }
        }
        out.sort(java.util.Comparator.comparing((Path p) -> !p.toString().contains("duo-core")));
        return out;
    }

    /**
     * The public types of these modules by simple name (the first module listed wins a name that two
     * share); types in {@code internal} packages are left out.
     *
     * @param roots each module's classes directory or jar, in order of preference
     */
    static Map<String, String> publicTypes(List<Path> roots, ClassLoader loader) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path root : roots) {
            for (String name : classNames(root)) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                if (name.contains(".internal.") || simple.contains("$") || simple.equals("package-info")
                        || simple.equals("module-info") || out.containsKey(simple)) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.put(simple, name);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable here (an optional dependency absent): a reader could not use it either
                }
            }
        }
        return out;
    }

    // Every class in the directory or jar.
    private static List<String> classNames(Path root) {
        try {
            if (Files.isDirectory(root)) {
                return list(root);
            }
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return list(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".class") && !p.startsWith("META-INF"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
