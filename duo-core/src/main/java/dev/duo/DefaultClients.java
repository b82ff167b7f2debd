package dev.duo;

import java.util.concurrent.atomic.AtomicReference;

/** Holds the default client behind {@link DuoClient#forFeature} and the scoped overrides of it. */
final class DefaultClients {

    private static final InheritableThreadLocal<DuoClient> OVERRIDE = new InheritableThreadLocal<>();
    private static final AtomicReference<DuoClient> LAZY = new AtomicReference<>();

    private DefaultClients() {
    }

    static DuoClient current() {
        DuoClient o = OVERRIDE.get();
        if (o != null) {
            return o;
        }
        DuoClient c = LAZY.get();
        if (c == null) {
            synchronized (DefaultClients.class) {
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
        Thread owner = Thread.currentThread();
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("close the default-client override in the thread that made it ("
                        + owner.getName() + ")");
            }
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        };
    }

    static void forget(DuoClient client) {
        LAZY.compareAndSet(client, null);
    }
}
