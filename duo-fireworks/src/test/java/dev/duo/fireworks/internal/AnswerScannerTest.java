package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerScanner} against Jackson's reading of the same bytes ({@link Answers#wholeByJackson}):
 * wherever the scanner gives an answer it is Jackson's, and it gives one for every ordinary answer.
 */
class AnswerScannerTest {

    private static final String[] TEXTS = {"", "def add(a, b):\n    return a + b\n", "quote \" and \\ slash /",
        "tab\tcr\rff\fbs\b", "caf\u00e9 \u20ac \u2028", "emoji \uD83D\uDE00 end", "control \u0001\u001f", "<cursor>"};
    private static final String[] NOISE = {"1", "-0.5e+10", "0", "true", "false", "null", "\"x\"", "[]", "{}",
        "[1, [2, {\"a\": [null]}], \"s\\u00e9\"]", "{\"nested\": {\"deeper\": [true, false]}}", "1E3", "-12.25"};

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 || (c > 0x7e && c % 3 == 0) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** An answer as OpenAI-compatible servers write them, its members in a random order, with noise. */
    private static String ordinary(SplittableRandom r) {
        List<String> members = new ArrayList<>();
        String text = TEXTS[r.nextInt(TEXTS.length)];
        List<String> choice = new ArrayList<>();
        choice.add("\"index\": 0");
        switch (r.nextInt(3)) {
            case 0 -> choice.add("\"message\": {\"role\": \"assistant\", \"content\": " + (r.nextInt(6) == 0 ? "null" : json(text)) + "}");
            case 1 -> choice.add("\"text\": " + json(text));
            default -> choice.add("\"delta\": {\"content\": " + json(text) + ", \"extra\": " + NOISE[r.nextInt(NOISE.length)] + "}");
        }
        choice.add("\"finish_reason\": " + (r.nextBoolean() ? "\"stop\"" : r.nextBoolean() ? "null" : "\"length\""));
        if (r.nextBoolean()) {
            choice.add("\"logprobs\": " + NOISE[r.nextInt(NOISE.length)]);
        }
        Collections.shuffle(choice, new java.util.Random(r.nextLong()));
        String choices = "{" + String.join(", ", choice) + "}";
        if (r.nextInt(4) == 0) {
            choices += ", {\"index\": 1, \"text\": \"second\"}, " + NOISE[r.nextInt(NOISE.length)];
        }
        members.add("\"choices\": [" + choices + "]");
        if (r.nextBoolean()) {
            members.add("\"id\": " + json("chatcmpl-" + r.nextInt(1000)));
        }
        switch (r.nextInt(4)) {
            case 0 -> members.add("\"usage\": {\"prompt_tokens\": " + r.nextInt(100000) + ", \"completion_tokens\": "
                    + (r.nextInt(5) - 1) + ", \"total_tokens\": 12}");
            case 1 -> members.add("\"usage\": null");
            case 2 -> members.add("\"usage\": {}");
            default -> {
            }
        }
        members.add("\"object\": \"chat.completion\"");
        members.add("\"created\": 1733000000");
        members.add("\"extra\": " + NOISE[r.nextInt(NOISE.length)]);
        Collections.shuffle(members, new java.util.Random(r.nextLong()));
        String space = r.nextBoolean() ? "" : " \n\t\r";
        return space + "{" + space + String.join("," + space, members) + space + "}" + space;
    }

    private static void sameAsJackson(byte[] body, String what) {
        Answers.Whole ours = AnswerScanner.read(body);
        if (ours != null) {
            assertThat(ours).as(what).isEqualTo(Answers.wholeByJackson(body));
        }
    }

    @Test
    void everyOrdinaryAnswerIsReadAsJacksonReadsIt() {
        SplittableRandom r = new SplittableRandom(61);
        for (int n = 0; n < 5_000; n++) {
            String answer = ordinary(r);
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            Answers.Whole ours = AnswerScanner.read(body);
            assertThat(ours).as(answer).isNotNull().isEqualTo(Answers.wholeByJackson(body));
        }
    }

    @Test
    void aCutOrChangedAnswerIsLeftToJacksonOrReadAsItReadsIt() {
        SplittableRandom r = new SplittableRandom(62);
        byte[] specials = "{}[]\",:\\u0 -.e\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 400; n++) {
            byte[] body = ordinary(r).getBytes(StandardCharsets.UTF_8);
            for (int cut = n % 4; cut < body.length; cut += 4) {   // every fourth length, from a different first one each answer
                byte[] head = java.util.Arrays.copyOf(body, cut);
                assertThat(AnswerScanner.read(head)).as("cut at %d", cut).isEqualTo(Answers.wholeByJackson(head));
            }
            for (int k = 0; k < 40; k++) {
                byte[] changed = body.clone();
                int at = r.nextInt(changed.length);
                changed[at] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : (byte) r.nextInt(256);
                sameAsJackson(changed, new String(changed, StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void oddAnswersAreLeftToJackson() {
        String[] odd = {
            "[]", "\"text\"", "{\"choices\": []}", "{\"choices\": [1]}", "{}",
            "{\"error\": {\"message\": \"no\"}, \"choices\": [{\"text\": \"a\"}]}",
            "{\"choices\": [{\"text\": \"a\"}], \"choices\": [{\"text\": \"b\"}]}",
            "{\"choices\": [{\"text\": \"a\"}]} trailing",
            "{\"choices\": [{\"te\\u0078t\": \"escaped name\"}]}",
            "{\"choices\": [{\"text\": \"a\"}], \"usage\": {\"prompt_tokens\": 12345678901234567890}}",
            "{\"choices\": [{\"text\": \"a\"}], \"usage\": {\"prompt_tokens\": 1.5}}",
            "{\"choices\": [{\"text\": \"a\"}], \"usage\": {\"prompt_tokens\": 01}}",
            "{\"choices\": [{\"text\": \"raw \u0001 control\"}]}",
            "{\"choices\": [{\"text\": \"a\"}], \"x\": " + "[".repeat(AnswerScanner.MAX_DEPTH + 1)
                + "]".repeat(AnswerScanner.MAX_DEPTH + 1) + "}",
            "{\"choices\": [{\"text\": \"a\"}], \"x\": nul}", "{\"choices\": [{\"text\": \"a\"}], \"x\": 1.}",
            "{\"choices\": [{\"text\": \"a\"}],}", "{\"choices\": [{\"text\": \"bad \\x escape\"}]}",
        };
        for (String o : odd) {
            assertThat(AnswerScanner.read(o.getBytes(StandardCharsets.UTF_8))).as(o).isNull();
        }
        byte[] overlong = {'{', '"', 'c', 'h', 'o', 'i', 'c', 'e', 's', '"', ':', '[', '{', '"', 't', 'e', 'x', 't', '"',
            ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', ']', '}'};
        assertThat(AnswerScanner.read(overlong)).as("an overlong UTF-8 form").isNull();
        byte[] encodedSurrogate = {'{', '"', 'c', 'h', 'o', 'i', 'c', 'e', 's', '"', ':', '[', '{', '"', 't', 'e', 'x', 't',
            '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', ']', '}'};
        assertThat(AnswerScanner.read(encodedSurrogate)).as("a surrogate encoded in UTF-8").isNull();
    }

    @Test
    void stringsAreDecodedAsJacksonDecodesThem() {
        String[] texts = {"\\ud83d\\ude00 escaped pair", "\\uD800 lone", "\u00ff\u0100\u07ff\u0800\uffff",
            "\uDBFF\uDFFF top", "plain"};
        for (String t : texts) {
            String body = "{\"choices\": [{\"message\": {\"content\": \"" + t + "\"}}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(AnswerScanner.read(bytes)).as(t).isNotNull().isEqualTo(Answers.wholeByJackson(bytes));
        }
        assertThat(AnswerScanner.read("{\"choices\": [{\"text\": \"\\u00E9\\u00e9\"}]}".getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("\u00e9\u00e9");
    }
}
