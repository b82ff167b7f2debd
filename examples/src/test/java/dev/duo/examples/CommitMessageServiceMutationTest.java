package dev.duo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.duo.DuoClient;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves the example tests guard the service: compiles mutants of {@link CommitMessageService}
 * (another feature, a changed input), runs the example test classes against each through the JUnit
 * Platform launcher, and checks that they fail, with messages that say what went wrong.
 */
class CommitMessageServiceMutationTest {

    private static final String SERVICE = "dev/duo/examples/CommitMessageService.java";

    @TempDir
    Path dir;

    @Test
    void theUnchangedServicePassesThroughTheSameHarness() throws Exception {
        Map<String, String> failures = runAgainst(source());
        assertThat(failures).isEmpty();
    }

    @Test
    void callingAnotherFeatureFailsSayingWhichFeatureWasCalled() throws Exception {
        Map<String, String> failures = runAgainst(mutate("\"generate_commit_message\"", "\"summarize_new_merge_request\""));

        // the call to the wrong feature fails where it is made: the fake answers only what the test scripted
        assertThat(failures.get("asksTheCommitMessageFeatureWithTheDiff(FakeModelClient)"))
                .startsWith("the fake model has no answer for call #1, to feature 'summarize_new_merge_request': "
                        + "the features scripted are [generate_commit_message].")
                .contains("#1 feature=summarize_new_merge_request");
        assertThat(failures.get("mentionsTheTicket(FakeModelClient)"))
                .contains("unknown input(s) input for feature summarize_new_merge_request");
        assertThat(failures).containsKey("streamsTheMessageAsItIsWritten(FakeModelClient)");
        assertThat(failures).containsKey("writesAMessageThatMentionsTheTicket(CallLog)");
    }

    @Test
    void changingAnInputFailsShowingTheMessageSentAndTheRecordedOne() throws Exception {
        Map<String, String> failures = runAgainst(mutate("\"Mention ticket \"", "\"Reference ticket \""));

        assertThat(failures).containsOnlyKeys("mentionsTheTicket(FakeModelClient)", "writesAMessageThatMentionsTheTicket(CallLog)");
        assertThat(failures.get("mentionsTheTicket(FakeModelClient)"))
                .startsWith("expected a call with feature = 'generate_commit_message' and a user message containing "
                        + "'Mention ticket DUO-42', but the 1 call recorded does not match:")
                .contains("[user] Write a commit message for these changes:")
                .contains("Reference ticket DUO-42 in the body.")
                .contains("-> no user message contains 'Mention ticket DUO-42'");
        assertThat(failures.get("writesAMessageThatMentionsTheTicket(CallLog)"))
                .contains("request #1 (feature generate_commit_message) matches no unused exchange of the recording")
                .contains("messages[1].content (user) differs at character")
                .contains("Mention ticket DUO-42").contains("Reference ticket DUO-42")
                .contains("-Dduo.recording.mode=record");
    }

    private String source() throws IOException {
        Path p = Path.of("src/main/java").resolve(SERVICE);
        if (!Files.exists(p)) {
            p = Path.of("examples/src/main/java").resolve(SERVICE);   // run from the repository root
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private String mutate(String from, String to) throws IOException {
        String s = source();
        assertThat(s).as("the mutation target is in the service").contains(from);
        return s.replace(from, to);
    }

    /** Display name of each failed test -> its failure message. */
    private Map<String, String> runAgainst(String serviceSource) throws Exception {
        Path src = dir.resolve("src").resolve(SERVICE);
        Files.createDirectories(src.getParent());
        Files.writeString(src, serviceSource, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = Path.of(DuoClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath, src.toString());
        assertThat(rc).as("the mutant compiles").isZero();

        URL testClasses = CommitMessageServiceTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (ExamplesFirst loader = new ExamplesFirst(new URL[] {classes.toUri().toURL(), testClasses},
                getClass().getClassLoader())) {
            List<Class<?>> tests = List.of(loader.loadClass(CommitMessageServiceTest.class.getName()),
                    loader.loadClass(CommitMessageServiceRecordedTest.class.getName()));
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(tests.stream().map(c -> selectClass(c)).toList()).build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsFoundCount()).isEqualTo(5);
            Map<String, String> failures = new LinkedHashMap<>();
            summary.getFailures().forEach(f -> failures.put(f.getTestIdentifier().getDisplayName(),
                    f.getException().getClass().getSimpleName() + ": " + f.getException().getMessage()));
            failures.replaceAll((k, v) -> v.startsWith("AssertionError: ") ? v.substring("AssertionError: ".length()) : v);
            return failures;
        }
    }

    /** Loads the examples' classes (the mutant service, the tests) itself; everything else from the parent. */
    private static final class ExamplesFirst extends URLClassLoader {
        ExamplesFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.duo.examples.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        return super.loadClass(name, resolve);
                    }
                }
                return c;
            }
        }
    }
}
