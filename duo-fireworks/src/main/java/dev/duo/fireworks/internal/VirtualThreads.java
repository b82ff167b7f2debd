package dev.duo.fireworks.internal;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * A thread-per-task executor of virtual threads on Java 21 and later, found by reflection so that
 * the library still builds and runs on Java 17 (where there is none). Off with the system property
 * {@code duo.http.virtualThreads=false}.
 *
 * <pre>{@code
 * Dispatcher d = VirtualThreads.executor("duo-okhttp-").map(Dispatcher::new).orElseGet(Dispatcher::new);
 * }</pre>
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    /** Virtual threads named {@code prefix + n}, when the JVM has them. */
    static Optional<ExecutorService> executor(String prefix) {
        if ("false".equalsIgnoreCase(System.getProperty("duo.http.virtualThreads"))) {
            return Optional.empty();
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method perTask = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return Optional.of((ExecutorService) perTask.invoke(null, factory));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();    // Java 17-20: no virtual threads
        }
    }
}
