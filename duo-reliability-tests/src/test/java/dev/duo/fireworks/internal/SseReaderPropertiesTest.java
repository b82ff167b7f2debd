package dev.duo.fireworks.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okio.Buffer;

/**
 * Random bytes and random SSE-like text thrown at the SSE parser: it returns events until the end
 * or fails with an IOException (its only typed failure: the input ended or an event was too
 * large), always terminating, never with another exception. Accepted: IOException. Nothing else.
 */
class SseReaderPropertiesTest {

    static final String[] PIECES = {"data:", "data: ", "event: x", "id: 1", ":", ": keep-alive", "retry: 5", "\n", "\n\n",
        "\r\n", "\r", "[DONE]", "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}", "{", "}", "\"", "é", "\u0000", "\uFFFD", " "};

    @Property(tries = 500)
    void randomBytesEndInEventsOrAnIOException(@ForAll byte[] bytes) {
        drain(new Buffer().write(bytes));
    }

    @Property(tries = 500)
    void randomSseLikeTextEndsInEventsOrAnIOException(@ForAll("sseLike") String text) {
        drain(new Buffer().writeString(text, StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> sseLike() {
        return Arbitraries.of(PIECES).list().ofMaxSize(60).map(l -> String.join("", l));
    }

    private static void drain(Buffer source) {
        SseReader reader = new SseReader(source);
        try {
            for (int i = 0; i < 100_000; i++) {
                if (reader.next() == null) {
                    return;
                }
            }
            throw new AssertionError("the reader never reached the end");
        } catch (IOException typed) {
            // the reader's one typed failure
        }
    }
}
