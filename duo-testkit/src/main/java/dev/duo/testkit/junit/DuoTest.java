package dev.duo.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a {@link dev.duo.DuoClient} wired to a fresh {@link dev.duo.testkit.FakeModelClient}
 * and makes {@link dev.duo.DuoClient#forFeature} return it, so code under test that calls the
 * static entry point needs no seam. Put it on a test class (or a method, which then wins).
 *
 * <pre>{@code
 * @DuoTest
 * class CommitMessageServiceTest {
 *     @Test
 *     void asksForACommitMessage(FakeModelClient fake) {
 *         fake.whenFeature("generate_commit_message").thenAnswer("Fix the README link");
 *
 *         String message = new CommitMessageService().messageFor(DIFF);   // calls DuoClient.forFeature inside
 *
 *         assertThat(message).isEqualTo("Fix the README link");
 *         fake.assertCalled("generate_commit_message").assertUserMessageContains("README.md");
 *     }
 * }
 * }</pre>
 *
 * <p><b>What each test gets.</b> Parameters (of test and {@code @BeforeEach} methods) and non-static,
 * non-final fields of type {@link dev.duo.testkit.FakeModelClient}, {@link dev.duo.DuoClient} or
 * {@link dev.duo.testkit.CallLog} are filled in. Every test method gets a new fake and a new client
 * (one model named {@code fake} of {@link #family()}, serving every bundled feature, with the
 * beta opt-in of {@link #betaModelsEnabled()} and quick retries); both are closed through the
 * extension store after the test (JUnit 5.13 or later closes {@code AutoCloseable} store values). With
 * {@code @TestInstance(PER_CLASS)} and methods run concurrently, take parameters rather than fields,
 * which the concurrent methods would share. A test that ends while a stream is still running (a
 * {@code StreamHandle} neither finished nor cancelled, a {@code BlockingStream} whose answer is still
 * arriving) fails, saying so; a {@code BlockingStream} that received its whole answer holds nothing and
 * is not a failure, closed or not. The fake answers only what the test scripts: a call nothing answers
 * fails the test with an {@code AssertionError} (again after the test, if the code under test caught it),
 * unless the test opted in to {@code fake.defaultAnswer(...)}.
 *
 * <p><b>Record and replay.</b> With {@link #recording()} set, the client answers from the file
 * {@code src/test/resources/duo-recordings/<TestClass>/<recording>.json} (replay, the default, offline)
 * or, run with {@code -Dduo.recording.mode=record}, calls the real client that {@link #recordWith()}
 * makes and writes that file when the test passes (secrets scrubbed). Replay fails with a
 * field-by-field diff when the code under test now sends a different request, and when a recorded
 * exchange was never requested. Inject {@link dev.duo.testkit.CallLog} to assert on calls in
 * these tests (there is no fake to script). The directory can be changed with
 * {@code -Dduo.recordings.dir=...}.
 *
 * <p><b>Threads and parallel runs.</b> The override of {@code forFeature} is held per thread: it
 * holds on the thread that runs the test and on every thread that thread <em>starts</em> (an
 * inheritable thread local), so tests of classes run in parallel ({@code
 * junit.jupiter.execution.parallel.enabled}) each see their own fake. It does <b>not</b> reach
 * threads that existed before the test: code under test that hands work to a pre-existing thread
 * pool (a static executor, {@code ForkJoinPool.commonPool()} as used by {@code
 * CompletableFuture.supplyAsync} without an executor, a framework's worker threads) gets the real
 * default client there. The SDK logs a warning when {@code forFeature} is called on a thread
 * without the override while one is open elsewhere. For such code, pass the injected
 * {@code DuoClient} in instead. A {@code @Timeout} with {@code SEPARATE_THREAD} runs the test on a
 * thread the override may not reach either.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DuoExtension.class)
public @interface DuoTest {

    /** In {@link #recording()}, replaced by the test method's name: one file per method. */
    String METHOD = "{method}";

    /** The family of the fake model (picks the prompts; must suit the features called). */
    String family() default "claude_3";

    /** The beta opt-in, which BETA and EXPERIMENT features need. */
    boolean betaModelsEnabled() default true;

    /** A recording's name (may contain {@value #METHOD}); empty for none: the fake answers. */
    String recording() default "";

    /** Makes the real client for record mode; required to record. */
    Class<? extends ModelClientFactory> recordWith() default ModelClientFactory.class;

    /** Whether a stream left open fails the test. */
    boolean failOnOpenStreams() default true;
}
