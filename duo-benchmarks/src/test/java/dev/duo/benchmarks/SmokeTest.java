package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default build's only look at the benchmarks: every compared client gets the same answer
 * from the loopback server, once. No timing here; the benchmarks run with {@code --quick} or JMH.
 */
class SmokeTest {

    private static Fixtures fixtures;
    private static Peers peers;

    @BeforeAll
    static void start() {
        fixtures = Fixtures.inProcess();
        fixtures.server.chunkSpacingNanos(0);
        peers = new Peers(fixtures);
    }

    @AfterAll
    static void stop() {
        peers.close();
        fixtures.close();
    }

    @Test
    void everyClientGetsTheCannedAnswer() {
        String duo = fixtures.openAi.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS).text();
        byte[] body = fixtures.server.lastChatBody();

        assertThat(duo).contains("new StringBuilder(s).reverse()");
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains("\"model\":\"bench-mistral-7b-instruct\"")
                .contains("Strings.java");
        assertThat(peers.rawOkHttp(body)).contains("new StringBuilder(s).reverse()");
        assertThat(peers.langChain4j()).isEqualTo(duo);
        assertThat(peers.rawBedrock()).isEqualTo(duo);
        assertThat(fixtures.bedrock.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS).text()).isEqualTo(duo);
    }

    @Test
    void streamsDeliverEveryChunkThroughDuoAndRaw() throws Exception {
        Harness h = new Harness(fixtures, peers);
        long[] last = new long[1];
        for (Harness.StreamOnce once : new Harness.StreamOnce[] {h.duoOpenAiStream(), h.rawSse(), h.duoBedrockStream(),
                h.rawBedrockStream()}) {
            long first = once.run(System.nanoTime(), last);
            assertThat(first).isPositive();
            assertThat(last[0]).isGreaterThanOrEqualTo(first);
        }
        StringBuilder text = new StringBuilder();
        CompletableFuture<dev.duo.Completion> done = new CompletableFuture<>();
        fixtures.openAi.feature(Fixtures.FEATURE).stream(Fixtures.INPUTS, new dev.duo.StreamListener() {
            @Override
            public void onChunk(String chunk) {
                text.append(chunk);
            }

            @Override
            public void onComplete(dev.duo.Completion c) {
                done.complete(c);
            }

            @Override
            public void onError(dev.duo.DuoException e) {
                done.completeExceptionally(e);
            }
        });
        assertThat(done.get().text()).isEqualTo(text.toString()).contains("new StringBuilder(s).reverse()");
    }

    @Test
    void splitKeepsEscapesWhole() {
        assertThat(LoopbackServer.split("ab\\ncd\\nef", 4)).hasSize(4).allSatisfy(p -> assertThat(p).doesNotEndWith("\\"));
        assertThat(String.join("", LoopbackServer.split(LoopbackServer.ANSWER, 8))).isEqualTo(LoopbackServer.ANSWER);
    }
}
