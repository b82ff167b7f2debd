package dev.duo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance goals, each row with this run's figure, the goal, and met / missed (or skipped,
 * saying why), printed as Markdown so that README's table is refreshed by pasting it.
 *
 * <pre>{@code
 * String md = Goals.markdown(Goals.rows(results), results);
 * }</pre>
 */
final class Goals {

    private Goals() {
    }

    /** One goal: what, this run's figure, the goal, the verdict (met, missed, skipped) and a note. */
    record Row(String measure, String value, String goal, String verdict, String note) {
    }

    @SuppressWarnings("unchecked")
    static List<Row> rows(Map<String, Object> r) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> calls = (Map<String, Object>) r.get("calls");
        double diff = (Double) calls.get("duoMinusRawMicros");
        double ratio = (Double) calls.get("duoOverRaw");
        double lc = (Double) calls.get("langChain4jOverDuo");
        String perCall = f("raw %.1f µs, Duo %.1f µs, LangChain4j %.1f µs (medians of %s rounds)", calls.get("raw.medianMicros"),
                calls.get("duo.medianMicros"), calls.get("langChain4j.medianMicros"), calls.get("rounds"));
        rows.add(new Row("Duo minus raw OkHttp, non-streaming code generation (µs per call)", f("%.1f", diff), "<= 10",
                verdict(diff <= 10), perCall));
        rows.add(new Row("Duo / raw OkHttp", f("%.2f", ratio), "<= 1.20", verdict(ratio <= 1.20), ""));
        rows.add(new Row("LangChain4j / Duo", f("%.2f", lc), ">= 2.4", verdict(lc >= 2.4),
                "all three call goals are to be met in the same run"));

        List<Map<String, Object>> bedrock = (List<Map<String, Object>>) r.get("bedrock");
        List<String> ratios = new ArrayList<>();
        int within = 0;
        for (Map<String, Object> b : bedrock) {
            double x = (Double) b.get("duoOverRaw");
            ratios.add(f("%.3f", x));   // three places: 1.1049 printed as 1.10 read as within 1.10
            within += x <= 1.10 ? 1 : 0;
        }
        rows.add(new Row("Duo / raw AWS SDK, Bedrock Converse", String.join(", ", ratios), "<= 1.10 in three runs of three",
                verdict(within == bedrock.size()), f("%d of %d runs within; raw %.1f µs, Duo %.1f µs in the first run", within,
                        bedrock.size(), bedrock.get(0).get("rawSdk.medianMicros"), bedrock.get(0).get("duo.medianMicros"))));

        Map<String, Object> jmh = (Map<String, Object>) r.get("jmh");
        Double duoBytes = (Double) jmh.get("openAiDuo.bytesPerOp");
        Double rawBytes = (Double) jmh.get("openAiRawOkHttp.bytesPerOp");
        if (duoBytes == null || rawBytes == null) {
            rows.add(new Row("bytes allocated per call beyond raw OkHttp (JMH -prof gc)", "-", "<= 8 KB", "skipped",
                    "the GC profiler gave no gc.alloc.rate.norm"));
        } else {
            double beyond = (duoBytes - rawBytes) / 1024;
            Double bd = (Double) jmh.get("bedrockDuo.bytesPerOp");
            Double br = (Double) jmh.get("bedrockRawSdk.bytesPerOp");
            rows.add(new Row("bytes allocated per call beyond raw OkHttp (JMH -prof gc)", f("%.1f KB", beyond), "<= 8 KB",
                    verdict(beyond <= 8), f("Duo %.1f KB, raw %.1f KB per call; Bedrock: Duo %.1f KB beyond the raw SDK's %.1f KB"
                            + " (KB = 1,024 bytes)", duoBytes / 1024, rawBytes / 1024,
                            bd == null || br == null ? Double.NaN : (bd - br) / 1024, br == null ? Double.NaN : br / 1024)));
        }

        Map<String, Map<String, Double>> s = (Map<String, Map<String, Double>>) r.get("streaming");
        // Like for like: raw OkHttp's blocking read against Duo's stream that its caller waits for
        // (generate(inputs, onChunk), read on the caller's thread); Duo's stream(), which returns at once
        // and is read on OkHttp's dispatcher thread, against raw OkHttp enqueued, and against the blocking read.
        double rawFirst = s.get("openAiRawSse").get("firstChunkMedianMs");
        double listener = s.get("openAiDuo").get("firstChunkMedianMs");
        Map<String, Double> waited = s.get("openAiDuoWaited");
        double first = waited != null ? waited.get("firstChunkMedianMs") - rawFirst : listener - rawFirst;
        double bedrockFirst = s.get("bedrockDuo").get("firstChunkMedianMs") - s.get("bedrockRawSdk").get("firstChunkMedianMs");
        Map<String, Double> async = s.get("openAiRawSseAsync");
        String vsAsync = async == null ? "" : f(", %+.3f ms after raw OkHttp enqueued (read on its dispatcher thread too)",
                listener - async.get("firstChunkMedianMs"));
        rows.add(new Row("first streamed chunk after the raw read (ms)", f("%+.3f", first), "<= +0.1", verdict(first <= 0.1),
                waited == null
                        ? f("OpenAI SSE, medians of the first chunk: Duo's stream(inputs, listener) after raw OkHttp's"
                                + " blocking read (no generate(inputs, onChunk) figure in this report)%s; Bedrock event stream"
                                + " %+.3f ms", vsAsync, bedrockFirst)
                        : f("OpenAI SSE, medians of the first chunk: Duo's generate(inputs, onChunk) after raw OkHttp's"
                                + " blocking read (both read on the caller's thread); Duo's stream(inputs, listener) %+.3f ms"
                                + " after the blocking read%s; Bedrock event stream %+.3f ms", listener - rawFirst, vsAsync,
                                bedrockFirst)));

        Map<String, Object> cold = (Map<String, Object>) r.get("coldStart");
        Map<String, Object> plain = (Map<String, Object>) cold.get("plain");
        Map<String, Object> cds = (Map<String, Object>) cold.get("appCds");
        double ready = (Double) plain.get("readyMsMedian");
        rows.add(new Row("cold start, fresh JVM, whole catalog and prompts, to the first call ready (ms)", f("%.0f", ready),
                "<= 150", verdict(ready <= 150), f("from the first line of main; whole process %.0f ms; %s classes loaded;"
                        + " with an AppCDS archive %.0f ms (process %.0f ms)", plain.get("wallMsMedian"), plain.get("classesLoaded"),
                        cds.get("readyMsMedian"), cds.get("wallMsMedian"))));

        Map<String, Object> fl = (Map<String, Object>) r.get("featuresList");
        if (fl.containsKey("skipped")) {
            rows.add(new Row("`duo features list` wall time, fresh JVM (s)", "-", "<= 0.35", "skipped", (String) fl.get("skipped")));
        } else {
            double wall = (Double) ((Map<String, Object>) fl.get("plain")).get("wallMsMedian") / 1000;
            rows.add(new Row("`duo features list` wall time, fresh JVM (s)", f("%.2f", wall), "<= 0.35", verdict(wall <= 0.35),
                    f("with an AppCDS archive %.2f s; AppCDS and C1 only (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC) %.2f s",
                            (Double) ((Map<String, Object>) fl.get("appCds")).get("wallMsMedian") / 1000,
                            (Double) ((Map<String, Object>) fl.get("appCdsC1")).get("wallMsMedian") / 1000)));
        }

        Map<String, Object> many = (Map<String, Object>) r.get("manyStreams");
        int n = (Integer) many.get("streams");
        String what = f("%,d concurrent streams, one JVM, Java 21+ (virtual threads)", n);
        String goal = "all in flight, < 64 KiB heap each, < 100 platform threads";
        if (many.containsKey("skipped")) {
            rows.add(new Row(what, "-", goal, "skipped", (String) many.get("skipped")));
        } else {
            int inFlight = (Integer) many.get("inFlight");
            double heap = (Double) many.get("heapKiBPerStream");
            int threads = (Integer) many.get("platformThreads");
            rows.add(new Row(what, f("%,d in flight, %.1f KiB each, %d platform threads", inFlight, heap, threads), goal,
                    verdict(inFlight == n && heap < 64 && threads < 100),
                    f("Java %s; %.1f s until all were in flight; the server in a JVM of its own%s", many.get("java"),
                            many.get("secondsToInFlight"), threadGroups(many))));
        }
        return rows;
    }

    /** The largest groups of the platform threads counted, as {@code ; threads: a x3, b x1}, or nothing when not known. */
    @SuppressWarnings("unchecked")
    private static String threadGroups(Map<String, Object> many) {
        Map<String, Integer> byName = (Map<String, Integer>) many.get("platformThreadsByName");
        return byName == null || byName.isEmpty() ? "" : "; threads: " + ThreadCensus.summary(byName, 4);
    }

    @SuppressWarnings("unchecked")
    static String markdown(List<Row> rows, Map<String, Object> results) {
        StringBuilder sb = new StringBuilder("| measure | this run | goal | met? | notes |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            sb.append("| ").append(row.measure()).append(" | ").append(row.value()).append(" | ").append(row.goal())
                    .append(" | ").append(row.verdict().equals("met") ? "met" : "**" + row.verdict() + "**")
                    .append(" | ").append(row.note()).append(" |\n");
        }
        Map<String, Object> load = (Map<String, Object>) results.get("load");
        Map<String, Object> run = (Map<String, Object>) results.get("run");
        long met = rows.stream().filter(x -> x.verdict().equals("met")).count();
        sb.append(f("%n%d of %d goals met. Load average (1 min) during the run: %s at the start, %s mean, %s max, %s at the end,"
                        + " on %s CPUs; %s; %s; %s run.%n", met, rows.size(), load.get("start"), load.get("mean"), load.get("max"),
                load.get("end"), run.get("cpus"), run.get("java"), run.get("at"), Boolean.TRUE.equals(run.get("quick")) ? "--quick" : "full"));
        return sb.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
