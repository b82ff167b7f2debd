package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.MediaType;
import org.junit.jupiter.api.Test;

class EventStreamTypeTest {

    @Test
    void theUsualEventStreamTypesAreKnownWithoutTheParse() {
        for (String t : new String[] {"text/event-stream", "text/event-stream; charset=utf-8", "TEXT/Event-Stream;charset=UTF-8",
            "text/event-stream ; charset=utf-8"}) {
            assertThat(StreamCall.eventStream(t)).as(t).isTrue();
            // ... and the parse leads to the same reading: an event stream, or a type it cannot parse
            // (which the stream was always read as events for).
            MediaType parsed = MediaType.parse(t);
            assertThat(parsed == null || parsed.subtype().equals("event-stream")).as(t).isTrue();
        }
    }

    @Test
    void anythingElseTakesTheParse() {
        for (String t : new String[] {null, "", "text/event-streams", "text/event-stream2", "text/event", "application/json",
            "text/plain", "application/x-ndjson"}) {
            assertThat(StreamCall.eventStream(t)).as(String.valueOf(t)).isFalse();
        }
    }
}
