package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bodies are the same bytes whether a system prompt's JSON text was kept or written afresh. */
class RequestBodiesTest {

    private static final String SYSTEM = new String("Be terse. \"Quote\" \\ tab\t nul\u0000 caf\u00e9 \uD83D\uDE00 \u2028");

    private static byte[] bytes(JsonBytes e) {
        return Arrays.copyOf(e.bytes(), e.length());
    }

    @Test
    void aSystemTextSentAgainIsEscapedOnceAndSentTheSame() {
        RequestBodies.KnownTexts known = new RequestBodies.KnownTexts();
        ModelRequest r = ModelRequest.builder().messages(List.of(Message.system(SYSTEM), Message.user("q")))
                .params(ModelParams.builder().maxTokens(5).build()).build();
        byte[] fresh = bytes(RequestBodies.body("m", r, false));
        assertThat(known.escaped(SYSTEM)).as("seen once").isNull();
        byte[] kept = known.escaped(SYSTEM);
        assertThat(kept).as("seen twice: kept").isNotNull();
        assertThat(known.escaped(SYSTEM)).isSameAs(kept);
        assertThat(known.escaped(new String(SYSTEM))).as("an equal text, rendered again").isSameAs(kept);
        assertThat(known.escaped(SYSTEM.replace('B', 'b'))).as("a text of the same length that differs").isNull();
        for (int i = 0; i < 3; i++) {
            assertThat(bytes(RequestBodies.body("m", r, false, known))).isEqualTo(fresh);
        }
        assertThat(new String(fresh, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"content\":\"" + new String(kept, java.nio.charset.StandardCharsets.UTF_8) + "\"");
    }

    @Test
    void onlyAFewTextsAreKept() {
        RequestBodies.KnownTexts known = new RequestBodies.KnownTexts();
        String[] texts = new String[20];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "system " + i;
            known.escaped(texts[i]);
            assertThat(known.escaped(texts[i])).isNotNull();
        }
        assertThat(known.escaped(texts[0])).as("the oldest went").isNull();
        assertThat(known.escaped(texts[19])).isNotNull();
    }

    @Test
    void theBufferIsSizedForTheBody() {
        ModelRequest r = ModelRequest.builder().messages(List.of(Message.user("x".repeat(10_000)))).build();
        JsonBytes e = RequestBodies.body("model", r, true);
        assertThat(e.bytes().length).as("no growth for ASCII text").isEqualTo(RequestBodies.sizeHint("model", r));
        assertThat(e.text()).startsWith("{\"model\":\"model\",\"messages\":[{\"role\":\"user\",\"content\":\"xxx")
                .endsWith("\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }
}
