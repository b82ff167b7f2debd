package dev.duo.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed after a run (and stored in the JSON): times, and ratios to the raw client and LangChain4j. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> results) {
        Map<String, Double> jmh = (Map<String, Double>) results.get("jmh");
        Map<String, Object> h = (Map<String, Object>) results.get("harness");
        StringBuilder sb = new StringBuilder();
        sb.append("| measurement | raw client | Duo | LangChain4j | Duo / raw | Duo / LangChain4j |\n");
        sb.append("|---|---|---|---|---|---|\n");
        double raw = jmh.get("openAiRawOkHttp");
        double duo = jmh.get("openAiDuo");
        double lc = jmh.get("openAiLangChain4j");
        row(sb, "OpenAI-compatible call, non-streaming (µs/call)", raw, duo, lc);
        double render = jmh.get("renderCodeGeneration");
        row(sb, "OpenAI-compatible call without Duo's prompt rendering (Duo: call - render, µs/call)", raw, duo - render, Double.NaN);
        row(sb, "Bedrock Converse call, non-streaming (µs/call)", jmh.get("bedrockRawSdk"), jmh.get("bedrockDuo"), Double.NaN);

        Map<String, Object> s = (Map<String, Object>) h.get("streaming");
        for (String[] p : new String[][] {{"openAiRawSse", "openAiDuo", "OpenAI SSE"}, {"bedrockRawSdk", "bedrockDuo", "Bedrock event stream"}}) {
            Map<String, Double> r = (Map<String, Double>) s.get(p[0]);
            Map<String, Double> d = (Map<String, Double>) s.get(p[1]);
            String name = p[2] + " (" + s.get("chunks") + " chunks, " + s.get("spacingMs") + " ms apart)";
            sb.append(String.format(Locale.ROOT, "| %s: first chunk, median / p90 (ms) | %.3f / %.3f | %.3f / %.3f | | %+.3f ms | |%n",
                    name, r.get("firstChunkMedianMs"), r.get("firstChunkP90Ms"), d.get("firstChunkMedianMs"),
                    d.get("firstChunkP90Ms"), d.get("firstChunkMedianMs") - r.get("firstChunkMedianMs")));
            sb.append(String.format(Locale.ROOT, "| %s: last chunk, median / p90 (ms) | %.3f / %.3f | %.3f / %.3f | | %+.3f ms | |%n",
                    name, r.get("lastChunkMedianMs"), r.get("lastChunkP90Ms"), d.get("lastChunkMedianMs"),
                    d.get("lastChunkP90Ms"), d.get("lastChunkMedianMs") - r.get("lastChunkMedianMs")));
        }
        for (Map<String, Object> c : (List<Map<String, Object>>) h.get("concurrency")) {
            Harness.Throughput r = (Harness.Throughput) c.get("raw");
            Harness.Throughput d = (Harness.Throughput) c.get("duo");
            sb.append(String.format(Locale.ROOT, "| %d callers: calls/s (client CPU µs/call) | %.0f (%.0f) | %.0f (%.0f) | | %.2f (CPU %.2f) | |%n",
                    c.get("callers"), r.callsPerSecond(), r.clientCpuMicrosPerCall(), d.callsPerSecond(),
                    d.clientCpuMicrosPerCall(), r.callsPerSecond() / d.callsPerSecond(),
                    d.clientCpuMicrosPerCall() / r.clientCpuMicrosPerCall()));
        }
        Harness.InFlight fr = (Harness.InFlight) h.get("inFlightRaw");
        Harness.InFlight fd = (Harness.InFlight) h.get("inFlightDuo");
        sb.append(String.format(Locale.ROOT, "| %d streams in flight: heap KiB per stream (client threads added) | %.1f (%d) | %.1f (%d) | | | |%n",
                fd.streams(), fr.heapKiBPerStream(), fr.clientThreadsAdded(), fd.heapKiBPerStream(), fd.clientThreadsAdded()));
        sb.append(String.format(Locale.ROOT, "| forFeature on a warm client (ns) | | %.1f | | | |%n", jmh.get("forFeatureWarm") * 1000));
        sb.append(String.format(Locale.ROOT, "| render the code generation prompt (µs) | | %.1f | | | |%n", jmh.get("renderCodeGeneration")));
        sb.append(String.format(Locale.ROOT, "| cold start, whole catalog and prompts, fresh JVM (ms) | | %.0f ± %.0f | | | |%n",
                jmh.get("coldStart") / 1000, jmh.get("coldStart.error") / 1000));
        sb.append(String.format(Locale.ROOT, "| new client, whole catalog and prompts, warm JVM (ms) | | %.1f | | | |%n",
                jmh.get("newClientWarmJvm") / 1000));
        sb.append("\nJMH rows: median of the measured iterations. Duo / raw: time per call, or for the calls/s rows raw calls/s"
                + " over Duo calls/s (above 1: Duo slower) and Duo CPU over raw CPU. Client CPU is the process's minus the"
                + " loopback server threads'. Streams: ms from the call to the first and to the last text chunk.\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double raw, double duo, double lc) {
        sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s | %.2f | %s |%n", name, raw, duo,
                Double.isNaN(lc) ? "" : String.format(Locale.ROOT, "%.1f", lc), duo / raw,
                Double.isNaN(lc) ? "" : String.format(Locale.ROOT, "%.2f (%.1fx faster)", duo / lc, lc / duo)));
    }
}
