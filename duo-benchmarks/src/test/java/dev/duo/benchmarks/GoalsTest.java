package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goal table says met or missed by the goals' own bounds, and says why a row was skipped. */
class GoalsTest {

    @Test
    void everyGoalRowIsJudgedAndSkippedRowsSayWhy() {
        Map<String, Object> r = report();

        List<Goals.Row> rows = Goals.rows(r);

        assertThat(rows).hasSize(9);
        assertThat(rows).extracting(Goals.Row::verdict).containsExactly("met", "met", "met", "missed", "missed", "met", "met",
                "skipped", "skipped");
        assertThat(rows.get(3).note()).startsWith("2 of 3 runs within");
        assertThat(rows.get(3).value()).isEqualTo("1.050, 1.120, 1.010");
        assertThat(rows.get(8).note()).isEqualTo("no Java 21+ JDK");
        String md = Goals.markdown(rows, r);
        assertThat(md).contains("| Duo / raw OkHttp | 1.16 | <= 1.20 | met |").contains("5 of 9 goals met")
                .contains("1.5 mean");
    }

    @Test
    void theManyStreamsRowSaysWhichPlatformThreadsItCounted() {
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("streams", 10_000);
        many.put("java", "25");
        many.put("inFlight", 10_000);
        many.put("heapKiBPerStream", 27.5);
        many.put("platformThreads", 161);
        many.put("secondsToInFlight", 10.7);
        many.put("platformThreadsByName", ThreadCensus.parse("OkHttp TaskRunner=146;ForkJoinPool-#-worker-#=2;main=1"));

        Goals.Row row = Goals.rows(withManyStreams(many)).get(8);

        assertThat(row.verdict()).isEqualTo("missed");
        assertThat(row.note()).endsWith("; threads: OkHttp TaskRunner x146, ForkJoinPool-#-worker-# x2, main x1");
    }

    @Test
    void theFirstChunkGoalComparesTheBlockingReadsAndNamesTheListenersFigureBesideIt() {
        Map<String, Object> r = report();
        r.put("streaming", Map.of("openAiDuo", Map.of("firstChunkMedianMs", 2.45), "openAiRawSse", Map.of("firstChunkMedianMs", 2.3),
                "openAiRawSseAsync", Map.of("firstChunkMedianMs", 2.42), "openAiDuoWaited", Map.of("firstChunkMedianMs", 2.33),
                "bedrockDuo", Map.of("firstChunkMedianMs", 2.6), "bedrockRawSdk", Map.of("firstChunkMedianMs", 2.6)));

        Goals.Row row = Goals.rows(r).get(5);

        assertThat(row.value()).isEqualTo("+0.030");
        assertThat(row.verdict()).isEqualTo("met");
        assertThat(row.note()).contains("Duo's generate(inputs, onChunk) after raw OkHttp's blocking read")
                .contains("stream(inputs, listener) +0.150 ms after the blocking read")
                .contains("+0.030 ms after raw OkHttp enqueued");
    }

    private static Map<String, Object> withManyStreams(Map<String, Object> many) {
        Map<String, Object> r = report();
        r.put("manyStreams", many);
        return r;
    }

    /** A report of every section, its many-streams row skipped. */
    private static Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", Map.of("quick", true, "at", "now", "java", "17", "cpus", 2));
        r.put("load", Map.of("start", 1.0, "mean", 1.5, "max", 2.0, "end", 1.0));
        Map<String, Object> calls = new LinkedHashMap<>();
        calls.put("raw.medianMicros", 50.0);
        calls.put("duo.medianMicros", 58.0);
        calls.put("langChain4j.medianMicros", 150.0);
        calls.put("rounds", 21);
        calls.put("duoMinusRawMicros", 8.0);
        calls.put("duoOverRaw", 1.16);
        calls.put("langChain4jOverDuo", 2.5);
        r.put("calls", calls);
        r.put("bedrock", List.of(bedrock(1.05), bedrock(1.12), bedrock(1.01)));
        r.put("jmh", Map.of("openAiDuo.bytesPerOp", 20_000.0, "openAiRawOkHttp.bytesPerOp", 11_000.0));
        r.put("streaming", Map.of("openAiDuo", Map.of("firstChunkMedianMs", 2.35), "openAiRawSse", Map.of("firstChunkMedianMs", 2.3),
                "bedrockDuo", Map.of("firstChunkMedianMs", 2.6), "bedrockRawSdk", Map.of("firstChunkMedianMs", 2.6)));
        r.put("coldStart", Map.of("plain", Map.of("readyMsMedian", 140.0, "wallMsMedian", 300.0, "classesLoaded", 2000),
                "appCds", Map.of("readyMsMedian", 100.0, "wallMsMedian", 200.0)));
        r.put("featuresList", Map.of("skipped", "no duo.jar"));
        r.put("manyStreams", Map.of("streams", 10_000, "skipped", "no Java 21+ JDK"));
        return r;
    }

    @Test
    void onlyKnownOptionsRunTheBenchmarks() {
        assertThat(Main.unknownOption(new String[] {"--quick", "--java21", "none", "--out", "x.json"})).isNull();
        assertThat(Main.unknownOption(new String[] {"--help"})).isEqualTo("--help");
        assertThat(Main.unknownOption(new String[] {"--quik"})).isEqualTo("--quik");
        assertThat(Main.unknownOption(new String[] {"--out"})).isEqualTo("--out");
    }

    private static Map<String, Object> bedrock(double ratio) {
        return Map.of("duoOverRaw", ratio, "rawSdk.medianMicros", 100.0, "duo.medianMicros", 100 * ratio);
    }
}
