package dev.duo.examples.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A user who imports duo-bom resolves the published modules' dependencies at the versions the SDK's
 * own build pins (not at whatever nearest-wins mediation picks: kotlin-stdlib 2.1.21 from okhttp's
 * pom where the SDK builds with 2.2.21), and README's build snippet is one that runs the user's
 * JUnit 5 tests and shows their log. Compares the runtime dependencies this build resolved for the
 * published modules ({@code target/published-runtime-dependencies.txt}, written by the dependency
 * plugin) with the root pom's pins and duo-bom's.
 */
class BomAlignmentTest {

    private static final Path ROOT = Files.exists(Path.of("../pom.xml")) && Files.exists(Path.of("../duo-bom"))
            ? Path.of("..") : Path.of(".");

    /** groupId:artifactId:type -> version, of a pom's dependencyManagement, properties resolved. */
    private static Map<String, String> managed(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(pom.toFile());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("project.version", text(doc.getDocumentElement(), "version"));
        for (Element p : children(doc.getDocumentElement(), "properties")) {
            NodeList nl = p.getChildNodes();
            for (int i = 0; i < nl.getLength(); i++) {
                if (nl.item(i) instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Element dm : children(doc.getDocumentElement(), "dependencyManagement")) {
            for (Element deps : children(dm, "dependencies")) {
                for (Element d : children(deps, "dependency")) {
                    String type = text(d, "type");
                    out.put(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + (type.isEmpty() ? "jar" : type),
                            resolve(text(d, "version"), props));
                }
            }
        }
        return out;
    }

    private static String resolve(String v, Map<String, String> props) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(sb).toString();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }

    /** groupId:artifactId -> version of the published modules' runtime dependencies, as this build resolved them. */
    private static Map<String, String> publishedRuntimeDependencies() throws Exception {
        Path list = Path.of("target/published-runtime-dependencies.txt");
        assertThat(list).as("written by the dependency plugin in generate-test-resources; run the tests through Maven").exists();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String[] gav = line.trim().split("\\s+")[0].split(":");
            if (gav.length >= 5) {
                out.put(gav[0] + ":" + gav[1], gav[gav.length - 2]);
            }
        }
        return out;
    }

    @Test
    void theBomManagesEveryVersionTheSdksBuildPinsForWhatThePublishedModulesRunWith() throws Exception {
        Map<String, String> root = managed(ROOT.resolve("pom.xml"));
        Map<String, String> bom = managed(ROOT.resolve("duo-bom/pom.xml"));
        Map<String, String> runtime = publishedRuntimeDependencies();
        assertThat(runtime).as("the list is of the published modules' dependencies")
                .containsKeys("com.squareup.okhttp3:okhttp-jvm", "org.jetbrains.kotlin:kotlin-stdlib", "dev.duo:duo-core");

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> dep : runtime.entrySet()) {
            String ga = dep.getKey();
            String pinned = root.get(ga + ":jar");
            if (ga.startsWith("dev.duo:") || pinned == null) {
                continue;   // not pinned by the build: mediation picks it alike for the SDK and its users
            }
            String inBom = bom.get(ga + ":jar");
            if (!pinned.equals(inBom)) {
                problems.add(ga + ": the SDK builds with " + pinned + ", duo-bom " + (inBom == null ? "does not manage it"
                        : "manages " + inBom));
            }
        }
        for (Map.Entry<String, String> imported : root.entrySet()) {
            if (!imported.getKey().endsWith(":pom")) {
                continue;
            }
            String group = imported.getKey().split(":")[0];
            boolean used = runtime.keySet().stream().anyMatch(ga -> ga.startsWith(group + ".") || ga.startsWith(group + ":"));
            if (used && !imported.getValue().equals(bom.get(imported.getKey()))) {
                problems.add(imported.getKey() + " (a BOM the build imports for " + group + "): the SDK builds with "
                        + imported.getValue() + ", duo-bom " + (bom.containsKey(imported.getKey())
                        ? "imports " + bom.get(imported.getKey()) : "does not import it"));
            }
        }
        for (Map.Entry<String, String> e : bom.entrySet()) {
            if (!e.getKey().startsWith("dev.duo:") && !e.getValue().equals(root.get(e.getKey()))) {
                problems.add(e.getKey() + ": duo-bom manages " + e.getValue() + " but the SDK builds with "
                        + root.getOrDefault(e.getKey(), "no pin at all"));
            }
        }
        for (String module : root.keySet()) {
            if (module.startsWith("dev.duo:") && runtime.containsKey(module.substring(0, module.lastIndexOf(':')))
                    && !bom.containsKey(module)) {
                problems.add(module + " is a published module the BOM does not list");
            }
        }
        assertThat(problems).as("duo-bom/pom.xml against the root pom's pins").isEmpty();
    }

    @Test
    void readmesBuildSnippetRunsJunit5TestsAndShowsTheLog() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher xml = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(xml.find()).as("README's dependency snippet").isTrue();
        String snippet = xml.group(1);
        Map<String, String> root = managed(ROOT.resolve("pom.xml"));
        Map<String, String> bom = managed(ROOT.resolve("duo-bom/pom.xml"));

        String surefire = version(snippet, "maven-surefire-plugin");
        assertThat(surefire).as("Maven 3.8's default Surefire, 2.12.4, runs no JUnit 5 test: README names 3.x").startsWith("3.");
        String rootPom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(version(rootPom, "maven-surefire-plugin")).as("the Surefire the SDK's build uses").isEqualTo(surefire);

        assertThat(snippet).as("a JUnit 5 engine for Surefire to run").contains("<artifactId>junit-jupiter</artifactId>");
        assertThat(bom).as("its version from the BOM").containsKey("org.junit:junit-bom:pom");
        assertThat(version(snippet, "assertj-core")).as("AssertJ, which README's examples use")
                .isEqualTo(root.get("org.assertj:assertj-core:jar"));
        assertThat(version(snippet, "slf4j-simple")).as("an SLF4J binding at the version of the slf4j-api the BOM manages")
                .isEqualTo(bom.get("org.slf4j:slf4j-api:jar"));
    }

    private static String version(String xml, String artifactId) {
        Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(xml);
        assertThat(m.find()).as(artifactId + " with a version in " + xml.substring(0, Math.min(80, xml.length()))).isTrue();
        return m.group(1);
    }
}
