package dev.duo.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds what a call leaves behind: threads that were not there before (other than the idle
 * threads of known shared pools) and TCP connections to a fake server that are still open.
 */
final class Leaks {

    /**
     * JVM-wide pools that outlive any one client and let idle threads time out on their own
     * (OkHttp's task runner, the pipeline's attempt and timer threads, the JDK's own). Their
     * threads count as a leak only when they are busy (not parked waiting for work).
     */
    private static final Pattern SHARED_POOLS = Pattern.compile(
            "OkHttp TaskRunner|Okio Watchdog|duo-call-\\d+|duo-scheduler-\\d+|ForkJoinPool.*|Common-Cleaner|process reaper"
                    + "|Attach Listener");

    private Leaks() {
    }

    /** The ids of the live threads now. */
    static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /**
     * The threads started since {@code before} that are still alive and not idle members of a
     * shared pool, waiting up to {@code maxWaitMillis} for closing pools to wind down.
     */
    static List<String> newThreads(Set<Long> before, long maxWaitMillis) {
        long end = System.currentTimeMillis() + maxWaitMillis;
        List<String> left;
        do {
            left = new ArrayList<>();
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                if (before.contains(t.getId()) || !t.isAlive()) {
                    continue;
                }
                if (SHARED_POOLS.matcher(t.getName()).matches() && (t.getName().equals("Okio Watchdog") || idle(e.getValue()))) {
                    continue;
                }
                left.add(t.getName() + " " + t.getState() + " at " + Arrays.stream(e.getValue()).limit(4)
                        .map(String::valueOf).collect(Collectors.joining(" < ")));
            }
            if (left.isEmpty()) {
                return left;
            }
            sleep(50);
        } while (System.currentTimeMillis() < end);
        return left;
    }

    private static boolean idle(StackTraceElement[] stack) {
        String s = Arrays.toString(stack);
        return !s.contains("Socket") && !s.contains("okio") && !s.contains("RealCall")
                && !s.contains("dev.duo.fireworks") && !s.contains("dev.duo.bedrock") && !s.contains("ClientCall");
    }

    /**
     * TCP connections in state ESTABLISHED whose local port is {@code port}: the server side of
     * every connection a client holds to a server on that port (read from /proc/net, so Linux only;
     * -1 elsewhere).
     */
    static int establishedTo(int port) {
        int n = 0;
        boolean read = false;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[1].contains(":")) {
                        continue;
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                    if (local == port && f[3].toUpperCase(Locale.ROOT).equals("01")) {
                        n++;
                    }
                }
                read = true;
            } catch (IOException | RuntimeException e) {
                // not Linux, or no IPv6: the other file may still be there
            }
        }
        return read ? n : -1;
    }

    /** Waits up to {@code maxWaitMillis} for the established connections to {@code port} to reach 0; returns the last count. */
    static int awaitNoConnections(int port, long maxWaitMillis) {
        return await(() -> establishedTo(port), maxWaitMillis);
    }

    static int await(Supplier<Integer> count, long maxWaitMillis) {
        long end = System.currentTimeMillis() + maxWaitMillis;
        int n = count.get();
        while (n > 0 && System.currentTimeMillis() < end) {
            sleep(20);
            n = count.get();
        }
        return n;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
