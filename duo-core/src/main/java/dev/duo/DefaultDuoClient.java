package dev.duo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the default client behind {@link DuoClient#forFeature} and the scoped overrides of it. */
final class DefaultDuoClient {

    private static final Logger LOG = LoggerFactory.getLogger(DuoClient.class);
    private static final InheritableThreadLocal<DuoClient> OVERRIDE = new InheritableThreadLocal<>();
    private static final AtomicReference<DuoClient> LAZY = new AtomicReference<>();
    // A client a framework owns (the Spring Boot starter's bean), used by every thread without an override.
    private static final AtomicReference<DuoClient> INSTALLED = new AtomicReference<>();
    // Overrides open in any thread: a call without one while others exist is almost always a test
    // whose code handed work to a thread that did not inherit the override (a pre-existing pool).
    private static final AtomicInteger OPEN_OVERRIDES = new AtomicInteger();
    private static final ThreadLocal<Boolean> WARNED = new ThreadLocal<>();

    private DefaultDuoClient() {
    }

    static DuoClient current() {
        DuoClient o = OVERRIDE.get();
        if (o != null) {
            return o;
        }
        warnIfOverriddenElsewhere();
        DuoClient installed = INSTALLED.get();
        if (installed != null) {
            return installed;
        }
        DuoClient c = LAZY.get();
        if (c == null) {
            synchronized (DefaultDuoClient.class) {
                c = LAZY.get();
                if (c == null) {
                    c = DuoClient.builder().build();
                    LAZY.set(c);
                    DuoClient built = c;
                    Runtime.getRuntime().addShutdownHook(new Thread(built::close, "duo-default-client-close"));
                }
            }
        }
        return c;
    }

    static DuoClient.DefaultOverride override(DuoClient client) {
        DuoClient previous = OVERRIDE.get();
        OVERRIDE.set(client);
        OPEN_OVERRIDES.incrementAndGet();
        Thread owner = Thread.currentThread();
        boolean[] closed = new boolean[1];
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("close the default-client override in the thread that made it ("
                        + owner.getName() + ")");
            }
            if (closed[0]) {
                return;
            }
            closed[0] = true;
            OPEN_OVERRIDES.decrementAndGet();
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        };
    }

    static DuoClient.DefaultOverride install(DuoClient client) {
        DuoClient previous = INSTALLED.getAndSet(client);
        AtomicReference<Boolean> closed = new AtomicReference<>(false);
        return () -> {
            if (closed.compareAndSet(false, true)) {
                // restore only if nobody installed another client since
                INSTALLED.compareAndSet(client, previous);
            }
        };
    }

    private static void warnIfOverriddenElsewhere() {
        if (OPEN_OVERRIDES.get() > 0 && WARNED.get() == null) {
            WARNED.set(Boolean.TRUE);
            LOG.warn("DuoClient.forFeature was called on thread '{}', which has no default-client override, while "
                    + "an override (such as a @DuoTest's fake) is open in another thread: this call uses the real "
                    + "default client from duo.yml. Overrides reach only the thread that made them and the threads "
                    + "it starts; work handed to a thread pool that existed before does not see them.",
                    Thread.currentThread().getName());
        }
    }

    static void forget(DuoClient client) {
        LAZY.compareAndSet(client, null);
        INSTALLED.compareAndSet(client, null);   // a closed client is never the default
    }
}
