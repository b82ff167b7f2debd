package dev.duo.testkit.junit;

import dev.duo.DuoClient;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.internal.junit.TestState;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link DuoTest}; register it through the annotation. Per test method it
 * makes a {@code TestState} in the method's extension store (closed by the store), overrides the
 * default client in {@code beforeEach} and ends the override in {@code afterEach} on the same
 * thread, then fails the test on a leaked stream or a replay mismatch, and writes a recording.
 *
 * <pre>{@code
 * @ExtendWith(DuoExtension.class)   // what @DuoTest does, with its defaults
 * class MyTest { }
 * }</pre>
 */
public final class DuoExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DuoExtension.class);
    private static final String STATE = "state";
    private static final long STREAM_GRACE_MILLIS = 2_000;

    /** Made by JUnit. */
    public DuoExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        TestState state = state(context);
        state.overrideDefault();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, state);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        TestState state = context.getStore(NS).get(STATE, TestState.class);
        if (state == null) {
            return;
        }
        try {
            state.endOverride();
        } finally {
            check(context, state);
        }
    }

    private static void check(ExtensionContext context, TestState state) {
        DuoTest settings = settings(context);
        boolean failed = context.getExecutionException().isPresent();
        if (state.fake() != null && !failed) {
            // again here: the code under test may have caught the AssertionError of an unscripted call
            state.fake().assertNoUnscriptedCalls();
        }
        if (settings.failOnOpenStreams()) {
            int open = awaitStreams(state);
            if (open > 0) {
                throw new AssertionError("the test left " + open + " Duo stream(s) open: close each BlockingStream "
                        + "(try-with-resources), and wait for onComplete/onError or cancel() each StreamHandle "
                        + "before the test ends");
            }
        }
        if (state.replay() != null) {
            List<String> mismatches = state.replay().mismatches();
            if (!mismatches.isEmpty()) {
                throw new AssertionError(mismatches.get(0));
            }
            if (!failed) {
                state.replay().assertAllReplayed();
            }
        }
        if (state.recording()) {
            if (failed) {
                org.slf4j.LoggerFactory.getLogger(DuoTest.class).warn("{} failed: its recording was not written",
                        context.getDisplayName());
            } else {
                state.writeRecording();
            }
        }
    }

    // A stream may be delivering its last signal just as the test returns: allow it to finish.
    private static int awaitStreams(TestState state) {
        long deadline = System.nanoTime() + STREAM_GRACE_MILLIS * 1_000_000;
        int open = state.openStreams();
        while (open > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            open = state.openStreams();
        }
        return open;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == FakeModelClient.class || type == DuoClient.class || type == CallLog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@DuoTest injects into test methods, @BeforeEach/@AfterEach "
                    + "methods and fields, not constructors or @BeforeAll methods: each test gets its own fake");
        }
        Class<?> type = parameterContext.getParameter().getType();
        try {
            return valueFor(type, state(extensionContext));
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static Object valueFor(Class<?> type, TestState state) {
        if (type == DuoClient.class) {
            return state.client();
        }
        if (type == CallLog.class) {
            return state.calls();
        }
        if (state.fake() == null) {
            throw new IllegalStateException("a @DuoTest with a recording has no FakeModelClient (answers come from "
                    + "the recording or the real client): take a CallLog to assert on the calls instead");
        }
        return state.fake();
    }

    private static void injectFields(Object instance, TestState state) throws IllegalAccessException {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                Class<?> t = f.getType();
                if (Modifier.isStatic(mod) || Modifier.isFinal(mod)
                        || (t != FakeModelClient.class && t != DuoClient.class && t != CallLog.class)) {
                    continue;
                }
                f.setAccessible(true);
                try {
                    f.set(instance, valueFor(t, state));
                } catch (IllegalStateException e) {
                    throw new ExtensionConfigurationException("field " + f.getName() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static TestState state(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent(STATE, k -> create(context), TestState.class);
    }

    private static TestState create(ExtensionContext context) {
        DuoTest settings = settings(context);
        if (settings.recording().isEmpty()) {
            return TestState.withFake(settings);
        }
        Class<?> testClass = context.getRequiredTestClass();
        Method m = context.getRequiredTestMethod();
        String name = settings.recording().replace(DuoTest.METHOD, m.getName());
        String relative = testClass.getSimpleName() + "/" + name + ".json";
        // JUnit configuration parameters fall back on system properties: -Dduo.recording.mode=record works,
        // and so does junit-platform.properties or a launcher's configuration.
        Path dir = Path.of(context.getConfigurationParameter(TestState.DIR_PROPERTY).orElse("src/test/resources/duo-recordings"));
        try {
            TestState.Mode mode = TestState.mode(context.getConfigurationParameter(TestState.MODE_PROPERTY).orElse(null));
            return TestState.withRecording(settings, mode, dir.resolve(relative),
                    "duo-recordings/" + relative, testClass.getClassLoader());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionConfigurationException("cannot make the real client for recording " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static DuoTest settings(ExtensionContext context) {
        Optional<DuoTest> onMethod = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, DuoTest.class));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<DuoTest> found = c.get().getTestClass().flatMap(k -> AnnotationSupport.findAnnotation(k, DuoTest.class));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("DuoExtension needs @DuoTest on the test class or method");
    }
}
