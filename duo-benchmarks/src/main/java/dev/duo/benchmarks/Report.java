package dev.duo.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The detailed table printed after the goal table (and stored in the JSON): times, allocation, streams, threads. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> results) {
        Map<String, Double> jmh = (Map<String, Double>) (Map<String, ?>) results.get("jmh");
        StringBuilder sb = new StringBuilder();
        sb.append("| measurement | raw client | Duo | LangChain4j | Duo / raw | Duo / LangChain4j |\n");
        sb.append("|---|---|---|---|---|---|\n");
        Map<String, Object> c = (Map<String, Object>) results.get("calls");
        row(sb, "OpenAI-compatible call, alternating rounds (µs/call, medians)", (Double) c.get("raw.medianMicros"),
                (Double) c.get("duo.medianMicros"), (Double) c.get("langChain4j.medianMicros"));
        row(sb, "OpenAI-compatible call, JMH (µs/call)", jmh.get("openAiRawOkHttp"), jmh.get("openAiDuo"),
                jmh.getOrDefault("openAiLangChain4j", Double.NaN));
        row(sb, "OpenAI-compatible call without Duo's prompt rendering (JMH, Duo: call - render, µs/call)",
                jmh.get("openAiRawOkHttp"), jmh.get("openAiDuo") - jmh.get("renderCodeGeneration"), Double.NaN);
        for (Map<String, Object> b : (List<Map<String, Object>>) results.get("bedrock")) {
            row(sb, "Bedrock Converse call, alternating rounds (µs/call, medians)", (Double) b.get("rawSdk.medianMicros"),
                    (Double) b.get("duo.medianMicros"), Double.NaN);
        }
        row(sb, "Bedrock Converse call, JMH (µs/call)", jmh.get("bedrockRawSdk"), jmh.get("bedrockDuo"), Double.NaN);
        sb.append(String.format(Locale.ROOT, "| bytes allocated per call (JMH -prof gc, KB) | %s | %s | %s | | |%n",
                kb(jmh.get("openAiRawOkHttp.bytesPerOp")), kb(jmh.get("openAiDuo.bytesPerOp")), kb(jmh.get("openAiLangChain4j.bytesPerOp"))));
        sb.append(String.format(Locale.ROOT, "| bytes allocated per Bedrock call (JMH -prof gc, KB) | %s | %s | | | |%n",
                kb(jmh.get("bedrockRawSdk.bytesPerOp")), kb(jmh.get("bedrockDuo.bytesPerOp"))));

        Map<String, Object> s = (Map<String, Object>) results.get("streaming");
        for (String[] p : new String[][] {{"openAiRawSse", "openAiDuoWaited", "OpenAI SSE, Duo generate(inputs, onChunk)"},
            {"openAiRawSse", "openAiDuo", "OpenAI SSE"},
            {"openAiRawSseAsync", "openAiDuo", "OpenAI SSE, raw enqueued"}, {"bedrockRawSdk", "bedrockDuo", "Bedrock event stream"}}) {
            Map<String, Double> r = (Map<String, Double>) s.get(p[0]);
            if (r == null) {
                continue;
            }
            Map<String, Double> d = (Map<String, Double>) s.get(p[1]);
            if (d == null) {
                continue;
            }
            String name = p[2] + " (" + s.get("chunks") + " chunks, " + s.get("spacingMs") + " ms apart)";
            sb.append(String.format(Locale.ROOT, "| %s: first chunk, median / p90 (ms) | %.3f / %.3f | %.3f / %.3f | | %+.3f ms | |%n",
                    name, r.get("firstChunkMedianMs"), r.get("firstChunkP90Ms"), d.get("firstChunkMedianMs"),
                    d.get("firstChunkP90Ms"), d.get("firstChunkMedianMs") - r.get("firstChunkMedianMs")));
            sb.append(String.format(Locale.ROOT, "| %s: last chunk, median / p90 (ms) | %.3f / %.3f | %.3f / %.3f | | %+.3f ms | |%n",
                    name, r.get("lastChunkMedianMs"), r.get("lastChunkP90Ms"), d.get("lastChunkMedianMs"),
                    d.get("lastChunkP90Ms"), d.get("lastChunkMedianMs") - r.get("lastChunkMedianMs")));
        }
        for (Map<String, Object> x : (List<Map<String, Object>>) results.get("concurrency")) {
            Harness.Throughput r = (Harness.Throughput) x.get("raw");
            Harness.Throughput d = (Harness.Throughput) x.get("duo");
            sb.append(String.format(Locale.ROOT, "| %d callers: calls/s (client CPU µs/call) | %.0f (%.0f) | %.0f (%.0f) | | %.2f (CPU %.2f) | |%n",
                    x.get("callers"), r.callsPerSecond(), r.clientCpuMicrosPerCall(), d.callsPerSecond(),
                    d.clientCpuMicrosPerCall(), r.callsPerSecond() / d.callsPerSecond(),
                    d.clientCpuMicrosPerCall() / r.clientCpuMicrosPerCall()));
        }
        Harness.InFlight fr = (Harness.InFlight) results.get("inFlightRaw");
        Harness.InFlight fd = (Harness.InFlight) results.get("inFlightDuo");
        sb.append(String.format(Locale.ROOT, "| %d streams in flight (Java %d): heap KiB per stream (client threads added) | %.1f (%d) | %.1f (%d) | | | |%n",
                fd.streams(), Runtime.version().feature(), fr.heapKiBPerStream(), fr.clientThreadsAdded(), fd.heapKiBPerStream(),
                fd.clientThreadsAdded()));
        sb.append(String.format(Locale.ROOT, "| forFeature on a warm client (ns) | | %.1f | | | |%n", jmh.get("forFeatureWarm") * 1000));
        sb.append(String.format(Locale.ROOT, "| render the code generation prompt (µs; KB allocated) | | %.1f; %s | | | |%n",
                jmh.get("renderCodeGeneration"), kb(jmh.get("renderCodeGeneration.bytesPerOp"))));
        sb.append(String.format(Locale.ROOT, "| new client, whole catalog and prompts, warm JVM (ms) | | %.1f | | | |%n",
                jmh.get("newClientWarmJvm") / 1000));
        sb.append("\nCalls: alternating rounds, the order rotating, medians over the rounds (ratios within a round, then"
                + " their median). JMH rows: medians of the measured iterations, the GC profiler on. Duo / raw for the calls/s"
                + " rows: raw calls/s over Duo calls/s (above 1: Duo slower) and Duo CPU over raw CPU. The loopback server runs"
                + " in a JVM of its own, so this process's CPU, heap and threads are the clients'. Streams: ms from the call to"
                + " the first and to the last text chunk.\n");
        return sb.toString();
    }

    private static String kb(Double bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1024);
    }

    private static void row(StringBuilder sb, String name, double raw, double duo, double lc) {
        sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s | %.2f | %s |%n", name, raw, duo,
                Double.isNaN(lc) ? "" : String.format(Locale.ROOT, "%.1f", lc), duo / raw,
                Double.isNaN(lc) ? "" : String.format(Locale.ROOT, "%.2f (%.1fx faster)", duo / lc, lc / duo)));
    }
}
