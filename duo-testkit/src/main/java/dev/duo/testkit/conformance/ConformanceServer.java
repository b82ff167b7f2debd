package dev.duo.testkit.conformance;

import java.net.URI;

/**
 * A running fake provider server, as the conformance suite sees it: where it listens, how many
 * requests it received, and how to stop it. {@code FakeOpenAiServer} implements it; another fake
 * (Bedrock's) implements it or is adapted with {@link #of}.
 *
 * <p>The suite relies on one behaviour every fake shares: the model echoes the last user message,
 * one word per token, honouring max tokens (finish reason length) and stop sequences, and counts
 * usage in words.
 *
 * <pre>{@code
 * ConformanceServer s = ConformanceServer.of(fake.endpoint(), () -> fake.requests().size(), fake::close);
 * }</pre>
 */
public interface ConformanceServer extends AutoCloseable {

    /** The base URL clients are pointed at. */
    URI endpoint();

    /** Requests received so far. */
    int requestCount();

    /** Stops the server. */
    @Override
    void close();

    /**
     * Adapts any fake.
     *
     * @param endpoint its base URL
     * @param requestCount counts its requests
     * @param close stops it
     */
    static ConformanceServer of(URI endpoint, java.util.function.IntSupplier requestCount, Runnable close) {
        return new ConformanceServer() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public int requestCount() {
                return requestCount.getAsInt();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
