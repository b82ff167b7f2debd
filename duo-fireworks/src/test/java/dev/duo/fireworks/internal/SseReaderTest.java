package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Pipe;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<String> all(String wire) throws IOException {
        return all(new Buffer().writeUtf8(wire));
    }

    private static List<String> all(BufferedSource source) throws IOException {
        SseReader r = new SseReader(source);
        List<String> out = new ArrayList<>();
        String d;
        while ((d = r.next()) != null) {
            out.add(d);
        }
        return out;
    }

    @Test
    void readsEventsAndDone() throws IOException {
        assertThat(all("data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: [DONE]\n\n"))
                .containsExactly("{\"a\":1}", "{\"a\":2}", "[DONE]");
    }

    @Test
    void skipsCommentsAndKeepAlives() throws IOException {
        assertThat(all(": keep-alive\n\n:ping\ndata: x\n\n: OPENROUTER PROCESSING\n\ndata: y\n\n"))
                .containsExactly("x", "y");
    }

    @Test
    void acceptsDataWithoutSpace() throws IOException {
        assertThat(all("data:x\n\ndata:  two spaces\n\n")).containsExactly("x", " two spaces");
    }

    @Test
    void acceptsCrlf() throws IOException {
        assertThat(all("data: a\r\n\r\ndata: b\r\n\r\n")).containsExactly("a", "b");
    }

    @Test
    void joinsMultiLineData() throws IOException {
        assertThat(all("data: {\"a\":\ndata: 1}\n\n")).containsExactly("{\"a\":\n1}");
    }

    @Test
    void joinsThreeLinesAndKeepsEmptyDataLines() throws IOException {
        // One data line is returned as read; a second or third joins it through the builder, in order.
        assertThat(all("data: a\ndata:\ndata: c\n\ndata\n\ndata:\n\ndata: z\n\n"))
                .containsExactly("a\n\nc", "", "", "z");
    }

    @Test
    void aFieldThatOnlyStartsWithDataIsIgnored() throws IOException {
        assertThat(all("datum: no\ndata2: no\ndata: yes\n\n")).containsExactly("yes");
    }

    @Test
    void ignoresOtherFields() throws IOException {
        assertThat(all("event: message\nid: 7\nretry: 100\ndata: x\n\n")).containsExactly("x");
    }

    @Test
    void returnsALastEventWithoutBlankLine() throws IOException {
        assertThat(all("data: a\n\ndata: b")).containsExactly("a", "b");
    }

    @Test
    void handlesEventsSplitAcrossReads() throws IOException {
        // A source that hands out one byte per read, as a slow network would.
        Buffer all = new Buffer().writeUtf8("data: {\"t\":\"héllo\"}\r\n\r\n: c\n\ndata: [DONE]\n\n");
        Source trickle = new Source() {
            @Override
            public long read(Buffer sink, long byteCount) {
                return all.exhausted() ? -1 : all.read(sink, 1);
            }

            @Override
            public Timeout timeout() {
                return Timeout.NONE;
            }

            @Override
            public void close() {
            }
        };
        assertThat(all(Okio.buffer(trickle))).containsExactly("{\"t\":\"héllo\"}", "[DONE]");
    }

    @Test
    void returnsAnEventBeforeTheRestHasArrived() throws Exception {
        Pipe pipe = new Pipe(1024);
        BufferedSource source = Okio.buffer(pipe.source());
        SseReader r = new SseReader(source);
        var sink = Okio.buffer(pipe.sink());
        sink.writeUtf8("data: first\n\ndata: sec").flush();
        // The first event is available although the second is half written and the stream open.
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                return r.next();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(10, TimeUnit.SECONDS)).isEqualTo("first");
        sink.writeUtf8("ond\n\n").flush();
        assertThat(r.next()).isEqualTo("second");
        sink.close();
        assertThat(r.next()).isNull();
    }

    @Test
    void aLineLongerThanAnEventMayBeEndsTheStreamWithTooLarge() {
        String line = "data: " + "x".repeat((int) ResponseLimits.MAX_EVENT_BYTES) + "\n\n";
        assertThatThrownBy(() -> all(line)).isInstanceOf(ResponseLimits.TooLarge.class)
                .hasMessage("a stream event larger than 1 MiB (the limit for one event)");
    }

    @Test
    void anEventOfManyLinesOverTheLimitEndsTheStreamWithTooLarge() {
        String piece = "data: " + "x".repeat(64 * 1024) + "\n";
        String event = piece.repeat(17) + "\n";
        assertThatThrownBy(() -> all(event)).isInstanceOf(ResponseLimits.TooLarge.class);
    }

    @Test
    void anEventJustUnderTheLimitIsRead() throws IOException {
        String text = "x".repeat((int) ResponseLimits.MAX_EVENT_BYTES - 100);
        assertThat(all("data: " + text + "\n\n")).containsExactly(text);
    }
}
