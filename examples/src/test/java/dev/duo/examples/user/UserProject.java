package dev.duo.examples.user;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A user's project, as small as a test can make it: Java sources (a service and its JUnit tests)
 * written to a directory, compiled with {@code javac} against the SDK's modules as this build made
 * them (the reactor's classes or jars on the test class path: nothing is installed into a Maven
 * repository), and their tests run through the JUnit Platform launcher, as Surefire would.
 *
 * <pre>{@code
 * UserProject p = new UserProject(dir).source("com/example/MyServiceTest.java", "...");
 * UserProject.Run run = p.test("com.example.MyServiceTest");
 * assertThat(run.failures()).containsKey("myTest(FakeModelClient)");
 * }</pre>
 */
final class UserProject {

    private final Path dir;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> configuration = new LinkedHashMap<>();

    UserProject(Path dir) {
        this.dir = dir;
    }

    /** Adds a source file, by its path under the source root, such as {@code com/example/A.java}. */
    UserProject source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    /** A JUnit configuration parameter, as {@code -Dname=value} on Maven's command line gives one. */
    UserProject configuration(String name, String value) {
        configuration.put(name, value);
        return this;
    }

    /** The SDK's class path as this build resolved it for the examples' tests. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Compiles every source.
     *
     * @return the compiler's errors, one per line as {@code path:line: message}; empty when it compiled
     */
    List<String> compile() {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(classes);
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                files.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", classPath(), "--release", "17",
                    "-proc:none", "-parameters", "-Xlint:none");
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String file = d.getSource() == null ? "?" : src.relativize(Path.of(d.getSource().toUri())).toString();
                errors.add(file.replace(File.separatorChar, '/') + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    /**
     * Compiles (failing on an error) and runs the tests of these classes.
     *
     * @return what ran and what failed
     */
    Run test(String... testClasses) throws Exception {
        List<String> errors = compile();
        if (!errors.isEmpty()) {
            throw new AssertionError("the user project does not compile:\n" + String.join("\n", errors));
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url(dir.resolve("classes"))}, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                    .configurationParameters(configuration);
            for (String name : testClasses) {
                request.selectors(selectClass(loader.loadClass(name)));
            }
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request.build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            Map<String, Throwable> failures = new LinkedHashMap<>();
            summary.getFailures().forEach(f -> failures.put(f.getTestIdentifier().getDisplayName(), f.getException()));
            return new Run(summary.getTestsFoundCount(), summary.getTestsSucceededCount(), failures);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The outcome of a test run.
     *
     * @param found the tests found
     * @param succeeded the tests that passed
     * @param failures each failed test's display name and what it failed with
     */
    record Run(long found, long succeeded, Map<String, Throwable> failures) {
    }
}
