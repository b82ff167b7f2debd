package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.duo.spi.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytes} writes strings and numbers byte for byte as Jackson's generator does by default
 * (what request bodies were written with before, and what {@code RequestBodyGoldenTest} holds).
 */
class JsonBytesTest {

    /** Characters that take every path: plain, escaped, '?', two- and three-byte, surrogates. */
    private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '?', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f',
        '\u0000', '\u0007', '\u001f', '\u007f', '\u0080', '\u00e9', '\u00ff', '\u0100', '\u07ff', '\u0800', '\u20ac', '\u2028', '\uffff',
        '\uD83D', '\uDE00', '\uDBFF', '\uDC00'};

    private static byte[] jackson(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(s);
        }
        return out.toByteArray();
    }

    private static byte[] ours(String s) {
        JsonBytes b = new JsonBytes(4).string(s);
        return Arrays.copyOf(b.bytes(), b.length());
    }

    @Test
    void randomStringsAreWrittenAsJacksonWritesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            int len = random.nextInt(i < 10_000 ? 40 : 400);
            boolean mostlyAscii = random.nextInt(3) > 0;
            StringBuilder sb = new StringBuilder(len);
            for (int k = 0; k < len; k++) {
                sb.append(mostlyAscii && random.nextInt(20) > 0 ? (char) (' ' + random.nextInt(95))
                        : ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String s = sb.toString();
            assertThat(new String(ours(s), StandardCharsets.UTF_8)).as("string %d: %s", i, s)
                    .isEqualTo(new String(jackson(s), StandardCharsets.UTF_8));
            assertThat(ours(s)).isEqualTo(jackson(s));
        }
    }

    @Test
    void eachSpecialCharacterAtEveryOffsetOfAnEightByteBlock() throws IOException {
        for (char c : ALPHABET) {
            for (int at = 0; at < 20; at++) {
                String s = "x".repeat(at) + c + "y".repeat(19 - at);
                assertThat(ours(s)).as("U+%04X at %d", (int) c, at).isEqualTo(jackson(s));
            }
        }
        assertThat(ours("")).isEqualTo(jackson(""));
    }

    @Test
    void stringsLongerThanOnePieceAreWrittenWholeWithEachSpecialCharacterAroundTheSeams() throws IOException {
        int seam = EscapeScratch.PIECE;
        for (char c : ALPHABET) {
            for (int at = seam - 3; at <= seam + 3; at++) {
                String s = "x".repeat(at) + c + "y".repeat(2 * seam - at) + c + "z".repeat(seam + 5);
                assertThat(ours(s)).as("U+%04X at %d", (int) c, at).isEqualTo(jackson(s));
            }
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(4 * seam);
            for (int k = 0; k < len; k++) {
                sb.append(random.nextInt(8) > 0 ? (char) (' ' + random.nextInt(95)) : ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String s = sb.toString();
            assertThat(ours(s)).as("string %d of %d characters", i, len).isEqualTo(jackson(s));
        }
    }

    @Test
    void eachSpecialCharacterAtEveryOffsetOfALongString() throws IOException {
        for (char c : ALPHABET) {
            for (int at = 0; at < 24; at++) {
                String s = "x".repeat(at) + c + "y".repeat(JsonBytes.LONG_TEXT + 7 - at) + c + c;
                assertThat(ours(s)).as("U+%04X at %d", (int) c, at).isEqualTo(jackson(s));
            }
            String only = String.valueOf(c).repeat(JsonBytes.LONG_TEXT * 3);
            assertThat(ours(only)).as("U+%04X only", (int) c).isEqualTo(jackson(only));
        }
    }

    @Test
    void longLatin1StringsWithSeveralSpecialCharactersInEachEightAreWrittenAsJacksonWritesThem() throws IOException {
        char[] latin1 = {'a', ' ', '~', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u0080', '\u00e9', '\u00ff'};
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 3_000; i++) {
            int len = JsonBytes.LONG_TEXT + random.nextInt(300);
            int plainOdds = random.nextInt(4);   // from every character special to one in four
            StringBuilder sb = new StringBuilder(len);
            for (int j = 0; j < len; j++) {
                sb.append(random.nextInt(4) < plainOdds ? 'p' : latin1[random.nextInt(latin1.length)]);
            }
            String s = sb.toString();
            assertThat(ours(s)).as("%s", s).isEqualTo(jackson(s));
        }
    }

    @Test
    void aLoneSurrogateIsEscapedAndAQuestionMarkIsNot() {
        assertThat(new String(ours("why?\uD800"), StandardCharsets.UTF_8)).isEqualTo("\"why?\\uD800\"");
        assertThat(new String(ours("a\uD83D\uDE00b"), StandardCharsets.UTF_8)).isEqualTo("\"a\\uD83D\\uDE00b\"");
    }

    @Test
    void numbersAreWrittenAsJacksonWritesThem() throws IOException {
        double[] doubles = {0.0, -0.0, 0.2, 0.1 + 0.2, 1.0, 1e-7, 123456789.125, 1e21, Double.MIN_VALUE, 2.5e-3};
        for (double d : doubles) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeNumber(d);
            }
            assertThat(new JsonBytes(4).number(d).text()).as("%s", d).isEqualTo(out.toString(StandardCharsets.UTF_8));
        }
        assertThat(new JsonBytes(4).number(Integer.MIN_VALUE).text()).isEqualTo("-2147483648");
    }

    @Test
    void theBufferGrowsForTextThatEscapesToMoreThanItsSize() {
        String controls = "\u0001".repeat(1000);
        JsonBytes b = new JsonBytes(8).string(controls);
        assertThat(b.length()).isEqualTo(2 + 6 * 1000);
        assertThat(b.text()).startsWith("\"\\u0001\\u0001").endsWith("\\u0001\"");
    }

    @Test
    void aRecycledBufferIsThisThreadsNextOneAndNoOneElses() throws Exception {
        JsonBytes first = JsonBytes.pooled(1000).string("first body");
        byte[] buffer = first.bytes();
        first.recycle();
        JsonBytes second = JsonBytes.pooled(500);
        assertThat(second.bytes()).as("reused on this thread").isSameAs(buffer);
        assertThat(second.string("second").text()).as("written from the start").isEqualTo("\"second\"");
        assertThat(JsonBytes.pooled(500).bytes()).as("taken: the next one is new").isNotSameAs(buffer);
        second.recycle();
        byte[][] other = new byte[1][];
        Thread t = new Thread(() -> other[0] = JsonBytes.pooled(500).bytes());
        t.start();
        t.join();
        assertThat(other[0]).as("another thread's").isNotSameAs(buffer);
        assertThat(JsonBytes.pooled(buffer.length + 1).bytes()).as("too small for the body").isNotSameAs(buffer);
        assertThat(JsonBytes.pooled(10).bytes()).as("still this thread's spare").isSameAs(buffer);
    }

    @Test
    void aBufferOverTheLimitIsNotKept() {
        JsonBytes big = JsonBytes.pooled(JsonBytes.SPARE_MAX + 1);
        byte[] buffer = big.bytes();
        big.recycle();
        assertThat(JsonBytes.pooled(10).bytes()).isNotSameAs(buffer);
    }
}
