package dev.duo.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * This JVM's live platform threads, counted the way {@link ThreadMXBean#getThreadCount()} counts them,
 * and grouped by name with the numbers taken out ({@code ForkJoinPool-1-worker-7} counts as
 * {@code ForkJoinPool-#-worker-#}), so that a thread count says what the threads were.
 *
 * <pre>{@code
 * ThreadCensus c = ThreadCensus.take();
 * c.total();     // 33
 * c.byName();    // {ForkJoinPool-#-worker-#=2, duo-scheduler-#=1, ...}, largest groups first
 * c.line();      // "ForkJoinPool-#-worker-#=2;duo-scheduler-#=1;..."
 * }</pre>
 */
record ThreadCensus(int total, Map<String, Integer> byName) {

    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    /** The threads alive now; {@code total} is the MXBean's count taken in the same instant as the names. */
    static ThreadCensus take() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {     // a thread that ended between the two calls
                names.add(info.getThreadName());
            }
        }
        return of(names);
    }

    /** The census of threads with these names. */
    static ThreadCensus of(List<String> names) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : names) {
            counts.merge(pattern(name), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new ThreadCensus(names.size(), sorted);
    }

    /** A thread's name with each run of digits replaced by {@code #}. */
    static String pattern(String name) {
        return NUMBERS.matcher(name).replaceAll("#");
    }

    /** {@code name=count} pairs separated by {@code ;} (names hold no {@code ;} or {@code =} in practice). */
    String line() {
        StringBuilder sb = new StringBuilder();
        byName.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k.replace(';', ',').replace('=', ':'))
                .append('=').append(v));
        return sb.toString();
    }

    /** The census {@link #line()} wrote. */
    static Map<String, Integer> parse(String line) {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (line == null || line.isBlank()) {
            return m;
        }
        for (String pair : line.trim().split(";")) {
            int eq = pair.lastIndexOf('=');
            m.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
        }
        return m;
    }

    /** The {@code limit} largest groups as {@code name x count}, and how many threads the rest hold. */
    static String summary(Map<String, Integer> byName, int limit) {
        List<String> parts = new ArrayList<>();
        int rest = 0;
        int i = 0;
        for (Map.Entry<String, Integer> e : byName.entrySet()) {
            if (i++ < limit) {
                parts.add(e.getKey() + " x" + e.getValue());
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            parts.add(rest + " others");
        }
        return String.join(", ", parts);
    }
}
