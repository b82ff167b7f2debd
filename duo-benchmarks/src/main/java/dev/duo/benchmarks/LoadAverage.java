package dev.duo.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's one-minute load average ({@code /proc/loadavg}) sampled through a run every few
 * seconds, so that a table says how busy the machine was while it was measured.
 *
 * <pre>{@code
 * LoadAverage load = LoadAverage.start();
 * ... measure ...
 * Map<String, Object> summary = load.stop();   // start, end, mean, max
 * }</pre>
 */
final class LoadAverage {

    private final List<Double> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private LoadAverage() {
        sampler = new Thread(() -> {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-loadavg");
        sampler.setDaemon(true);
    }

    static LoadAverage start() {
        LoadAverage l = new LoadAverage();
        l.sampler.start();
        return l;
    }

    /** The one-minute load average now, NaN where there is no {@code /proc/loadavg}. */
    static double now() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private synchronized void sample() {
        samples.add(now());
    }

    /** Stops sampling; the first and last samples, their mean and maximum. */
    synchronized Map<String, Object> stop() {
        stopped = true;
        sampler.interrupt();
        samples.add(now());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", samples.get(0));
        m.put("end", samples.get(samples.size() - 1));
        m.put("mean", Math.round(samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN) * 100) / 100.0);
        m.put("max", samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        m.put("samples", samples.size());
        return m;
    }
}
