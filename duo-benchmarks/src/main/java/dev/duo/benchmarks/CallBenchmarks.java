package dev.duo.benchmarks;

import dev.duo.FeatureClient;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per non-streamed call against the loopback server: Duo's feature call, the raw OkHttp POST of
 * the same body (the floor), LangChain4j's OpenAI chat model, and for Bedrock Duo against the raw
 * AWS SDK Converse call. Each benchmark does the whole call: render (Duo), serialize, HTTP, parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallBenchmarks {

    private Fixtures fixtures;
    private Peers peers;
    private FeatureClient duoOpenAi;
    private FeatureClient duoBedrock;
    private byte[] body;

    /** Starts the server and every client, and checks each answers. */
    @Setup(Level.Trial)
    public void setUp() {
        fixtures = Fixtures.start();
        duoOpenAi = fixtures.openAi.feature(Fixtures.FEATURE);
        duoBedrock = fixtures.bedrock.feature(Fixtures.FEATURE);
        check(duoOpenAi.generate(Fixtures.INPUTS).text(), "duo openai");
        body = fixtures.server.lastChatBody();
        if (body == null) {
            throw new IllegalStateException("Duo's code generation call did not reach /chat/completions");
        }
        peers = new Peers(fixtures);
        check(peers.rawOkHttp(body), "raw okhttp");
        check(peers.langChain4j(), "langchain4j");
        check(peers.rawBedrock(), "raw bedrock");
        check(duoBedrock.generate(Fixtures.INPUTS).text(), "duo bedrock");
    }

    private static void check(String text, String who) {
        if (text == null || !text.contains("reverse")) {
            throw new IllegalStateException(who + " returned an unexpected answer: " + text);
        }
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
        fixtures.close();
    }

    /** The floor: the same bytes Duo sends, POSTed with OkHttp, the answer read as a string. */
    @Benchmark
    public String openAiRawOkHttp() {
        return peers.rawOkHttp(body);
    }

    /** Duo: feature client generate (resolution cached, prompt rendered, pipeline, OkHttp, JSON parsed). */
    @Benchmark
    public String openAiDuo() {
        return duoOpenAi.generate(Fixtures.INPUTS).text();
    }

    /** LangChain4j's OpenAI chat model with the same messages. */
    @Benchmark
    public String openAiLangChain4j() {
        return peers.langChain4j();
    }

    /** The raw AWS SDK v2 Converse call (Apache 5 HTTP client) with the same messages. */
    @Benchmark
    public String bedrockRawSdk() {
        return peers.rawBedrock();
    }

    /** Duo's feature call on a Bedrock model. */
    @Benchmark
    public String bedrockDuo() {
        return duoBedrock.generate(Fixtures.INPUTS).text();
    }
}
