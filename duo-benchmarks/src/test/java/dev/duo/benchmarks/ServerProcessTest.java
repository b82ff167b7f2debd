package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The loopback server in a JVM of its own answers Duo, and its control paths work across the JVMs:
 * the request body it saw, the chunk spacing, the held streams. No timing.
 */
class ServerProcessTest {

    @Test
    void duoCallsAServerInItsOwnJvmAndTheControlPathsWork() {
        try (Fixtures f = Fixtures.start()) {
            assertThat(f.server.ownJvm()).isTrue();
            assertThat(f.server.cpuNanosInThisProcess()).isZero();
            f.server.chunkSpacingNanos(0);
            assertThat(f.server.chunkSpacingNanos()).isZero();
            assertThat(f.openAi.feature(Fixtures.FEATURE).generate(Fixtures.INPUTS).text()).contains("reverse()");
            assertThat(new String(f.server.lastChatBody(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"model\":\"bench-mistral-7b-instruct\"");
            assertThat(f.server.connectionCount()).isPositive();
            assertThat(f.server.streamChunks()).isEqualTo(8);
            f.server.hold();
            f.server.release();
            Harness h = new Harness(f, null);
            long[] last = new long[1];
            assertThat(h.duoOpenAiStream().run(System.nanoTime(), last)).isPositive();
        }
    }
}
