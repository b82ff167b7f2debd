package dev.duo.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The "model" of every fake server (the rule the conformance suite relies on): it answers with the
 * words of the prompt (the last user message, or the text prompt), one token per word, so tests can
 * predict every answer. It honours the max-tokens limit (cut short: {@link Finish#LENGTH}) and stop
 * sequences (cut before the sequence: {@link Finish#STOP_SEQUENCE}), and counts tokens as words.
 * Each fake spells the finish on its own wire.
 */
public final class EchoModel {

    /** Why the answer ended, before each protocol names it. */
    public enum Finish {
        /** The echo ran out. */
        END,
        /** The max-tokens limit cut it. */
        LENGTH,
        /** A stop sequence cut it. */
        STOP_SEQUENCE
    }

    /**
     * What the model produced.
     *
     * @param tokens the answer's tokens, in order (their concatenation is the text)
     * @param finish why it ended
     * @param promptTokens the words of the whole request
     */
    public record Answer(List<String> tokens, Finish finish, int promptTokens) {
        /** The whole text. */
        public String text() {
            return String.join("", tokens);
        }
    }

    private EchoModel() {
    }

    /** Words of a text, as tokens (words after the first carry their leading space). */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(out.isEmpty() ? w : " " + w);
            }
        }
        return out;
    }

    /** The number of words (tokens) of a text. */
    public static int count(String text) {
        return tokens(text).size();
    }

    /**
     * Answers a prompt.
     *
     * @param prompt the text to echo
     * @param promptTokens tokens of the whole request
     * @param maxTokens the limit, or null
     * @param stops stop sequences (may be empty)
     */
    public static Answer answer(String prompt, int promptTokens, Integer maxTokens, List<String> stops) {
        List<String> words = tokens(prompt);
        if (words.isEmpty()) {
            words = List.of("OK");
        }
        return limit(words, promptTokens, maxTokens, stops);
    }

    /**
     * A scripted answer, its white space (line breaks included) kept: one token per word with the
     * white space before it, cut by {@code max_tokens} and stop sequences as an echo is.
     */
    public static Answer scripted(String text, int promptTokens, Integer maxTokens, List<String> stops) {
        List<String> words = new ArrayList<>();
        for (String w : (text == null ? "" : text).split("(?<=\\S)(?=\\s)")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return limit(words, promptTokens, maxTokens, stops);
    }

    private static Answer limit(List<String> words, int promptTokens, Integer maxTokens, List<String> stops) {
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String w : words) {
            if (maxTokens != null && out.size() >= maxTokens) {
                return new Answer(List.copyOf(out), Finish.LENGTH, promptTokens);
            }
            String next = text + w;
            int cut = firstStop(next, stops);
            if (cut >= 0) {
                String kept = next.substring(text.length(), Math.max(text.length(), cut));
                if (!kept.isEmpty()) {
                    out.add(kept);
                }
                return new Answer(List.copyOf(out), Finish.STOP_SEQUENCE, promptTokens);
            }
            out.add(w);
            text.append(w);
        }
        return new Answer(List.copyOf(out), Finish.END, promptTokens);
    }

    private static int firstStop(String text, List<String> stops) {
        int best = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
