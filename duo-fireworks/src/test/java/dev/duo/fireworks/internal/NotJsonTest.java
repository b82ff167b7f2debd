package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.MediaType;
import org.junit.jupiter.api.Test;

/** The answer's media type check, which skips OkHttp's parse for the usual JSON type. */
class NotJsonTest {

    @Test
    void jsonTypesAndNoTypePass() {
        for (String t : new String[] {null, "application/json", "application/json; charset=utf-8",
            "APPLICATION/JSON;charset=UTF-8", "application/problem+json", "application/x-ndjson", "not a media type"}) {
            assertThat(OpenAiClient.notJson(t)).as(t).isNull();
        }
    }

    @Test
    void otherTypesAreNamedAsOkHttpParsesThem() {
        for (String t : new String[] {"text/html", "text/plain; charset=utf-8", "application/xml", "application/jso"}) {
            assertThat(OpenAiClient.notJson(t)).as(t).isEqualTo(MediaType.parse(t));
        }
        // The fast check agrees with the parse on every type it skips.
        for (String t : new String[] {"application/json", "application/jsonp", "application/json;v=2"}) {
            MediaType parsed = MediaType.parse(t);
            assertThat(parsed == null || parsed.subtype().contains("json")).as(t).isTrue();
        }
    }
}
