package dev.duo.benchmarks;

import java.net.URI;

/**
 * The loopback server as the benchmarks see it: in this JVM ({@link LoopbackServer}, for the smoke
 * tests) or in a JVM of its own ({@link ServerProcess}, for every measurement, so that its threads,
 * heap and CPU are not counted as the client's).
 *
 * <pre>{@code
 * try (BenchServer server = ServerProcess.start()) {
 *     URI v1 = server.openAiEndpoint();
 * }
 * }</pre>
 */
interface BenchServer extends AutoCloseable {

    /** The base URL of the OpenAI-compatible API. */
    URI openAiEndpoint();

    /** The Bedrock runtime endpoint. */
    URI bedrockEndpoint();

    /** The last whole and streamed OpenAI request bodies (the raw clients replay Duo's). */
    byte[] lastChatBody();

    byte[] lastStreamBody();

    /** The pause before each streamed chunk after the first. */
    long chunkSpacingNanos();

    void chunkSpacingNanos(long nanos);

    /** Chunks per streamed answer. */
    int streamChunks();

    /** From now on, streams stop after their first chunks until {@link #release()}. */
    void hold();

    /** Lets held streams go on. */
    void release();

    /** Connections being served now. */
    int workerCount();

    /** Connections accepted so far. */
    long connectionCount();

    /** When the server last read a whole request (System.nanoTime, the same clock in every JVM on Linux). */
    long lastRequestNanos();

    /** The server's CPU time counted in this JVM's process CPU (0 when it runs in a JVM of its own). */
    long cpuNanosInThisProcess();

    /** What the server's process or threads spent on CPU so far. */
    long serverCpuNanos();

    /** Whether it runs in a JVM of its own. */
    boolean ownJvm();

    @Override
    void close();
}
