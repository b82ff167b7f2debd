package dev.duo.examples.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's Modules section names every public type of each published module, and only those: the list
 * is read from README and compared with the public top-level types outside {@code internal} packages in
 * each module's sources (deprecated ones marked so).
 */
class ReadmeModulesTest {

    private static final Pattern MODULE_LINE = Pattern.compile("^- \\*\\*(duo-[a-z-]+)\\*\\*: (.*)$", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);

    @Test
    void theModulesSectionListsThePublicTypesOfEachPublishedModule() throws IOException {
        Path root = Files.exists(Path.of("../README.md")) ? Path.of("..") : Path.of(".");
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = MODULE_LINE.matcher(readme);
        Map<String, String> listed = new TreeMap<>();
        while (m.find()) {
            listed.put(m.group(1), m.group(2).strip());
        }
        assertThat(listed).as("README's Modules section lists the public types of the published modules")
                .containsKeys("duo-core", "duo-fireworks", "duo-bedrock", "duo-testkit", "duo-eval");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : listed.entrySet()) {
            String actual = describe(root.resolve(e.getKey()).resolve("src/main/java"));
            if (!actual.equals(e.getValue())) {
                wrong.add(e.getKey() + ": README says\n    " + e.getValue() + "\n  the sources say\n    " + actual);
            }
        }
        assertThat(wrong).as("README's Modules lines to update (copy the sources' line)").isEmpty();
    }

    /** {@code `pkg`: A, B (deprecated); `pkg2`: C}, as README writes it. */
    private static String describe(Path sources) throws IOException {
        Map<String, TreeSet<String>> byPackage = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                String pkg = sources.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.');
                if (List.of(pkg.split("\\.")).contains("internal") || name.equals("package-info") || name.equals("module-info")) {
                    continue;
                }
                String text = Files.readString(f);
                Matcher t = PUBLIC_TYPE.matcher(text);
                while (t.find()) {
                    if (t.group(1).equals(name)) {
                        boolean deprecated = Pattern.compile("^@Deprecated", Pattern.MULTILINE).matcher(text.substring(0, t.start())).find();
                        byPackage.computeIfAbsent(pkg, k -> new TreeSet<>()).add(name + (deprecated ? " (deprecated)" : ""));
                        break;
                    }
                }
            }
        }
        List<String> parts = new ArrayList<>();
        byPackage.forEach((pkg, types) -> parts.add("`" + pkg + "`: " + String.join(", ", types)));
        return String.join("; ", parts);
    }
}
