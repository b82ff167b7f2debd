package dev.duo.fireworks.internal;

import dev.duo.Usage;
import java.nio.charset.StandardCharsets;

/**
 * Reads an ordinary whole answer straight from its UTF-8 bytes: the fields {@link Answers#whole}
 * reads, with the same rules, and nothing built for the rest. It vouches only for strict JSON (RFC
 * 8259, valid UTF-8, no escaped field names, integers of at most 18 digits, nesting at most {@link
 * #MAX_DEPTH} deep, nothing after the answer but white space); for anything else it gives null and
 * the caller reads the answer with Jackson as before, for the same result or the same error.
 *
 * <p>Why: Jackson's parser cost about 1.7 µs a call to set up (encoding detection, a context, name
 * tables) and as much again to read a short answer.
 *
 * <pre>{@code
 * Answers.Whole read = AnswerScanner.read(body);   // null: ask Jackson
 * }</pre>
 *
 * <p>Not thread-safe: one per answer (made by {@link #read}).
 */
final class AnswerScanner extends StrictJsonReader {

    /** Jackson's longest string by default: a longer answer is left to it, and to its error. */
    private static final int JACKSON_MAX_STRING = 20_000_000;

    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] ID = ascii("id");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
    private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");

    private AnswerScanner(byte[] body) {
        super(body);
    }

    /** The answer as {@link Answers#whole} reads it, or null for Jackson to read. */
    static Answers.Whole read(byte[] body) {
        if (body.length > JACKSON_MAX_STRING) {
            return null;
        }
        try {
            return new AnswerScanner(body).answer();
        } catch (Odd | ArrayIndexOutOfBoundsException e) {
            return null;   // the end came too early: Jackson says what is wrong
        }
    }

    private Answers.Whole answer() {
        expect('{');
        Answers.Choice choice = null;
        Usage usage = null;
        String id = null;
        boolean sawChoices = false;
        boolean sawUsage = false;
        boolean sawId = false;
        if (!endOf('}')) {
            do {
                name();
                if (isName(CHOICES)) {
                    if (sawChoices) {
                        throw odd();
                    }
                    sawChoices = true;
                    expect('[');
                    expect('{');
                    choice = choice();
                    while (!endOf(']')) {
                        expect(',');
                        skipValue(2);
                    }
                } else if (isName(USAGE)) {
                    if (sawUsage) {
                        throw odd();
                    }
                    sawUsage = true;
                    if (peek() == '{') {
                        i++;
                        usage = usage();
                    } else {
                        skipValue(1);
                    }
                } else if (isName(ID)) {
                    if (sawId || peek() != '"') {
                        throw odd();
                    }
                    sawId = true;
                    id = string();
                } else if (isName(ERROR)) {
                    throw odd();
                } else {
                    skipValue(1);
                }
            } while (nextMember('}'));
        }
        skipSpace();
        if (i != b.length || choice == null) {
            throw odd();
        }
        return new Answers.Whole(choice.text(), choice.finish, usage, id);
    }

    /** The first choice, after its '{', up to and with its '}'. */
    private Answers.Choice choice() {
        Answers.Choice c = new Answers.Choice();
        int seen = 0;
        if (endOf('}')) {
            return c;
        }
        do {
            name();
            int bit = isName(TEXT) ? 1 : isName(MESSAGE) ? 2 : isName(DELTA) ? 4 : isName(FINISH_REASON) ? 8 : 0;
            if ((seen & bit) != 0) {
                throw odd();
            }
            seen |= bit;
            switch (bit) {
                case 1 -> {
                    if (peek() != '"') {
                        throw odd();
                    }
                    c.text = string();
                }
                case 2, 4 -> {
                    expect('{');
                    c.content(bit == 4, content());
                }
                case 8 -> {
                    if (peek() == '"') {
                        c.finish = string();
                    } else {
                        literal("null");
                    }
                }
                default -> skipValue(3);
            }
        } while (nextMember('}'));
        return c;
    }

    /** A message's content (null when absent or null), after its '{', up to and with its '}'. */
    private String content() {
        String content = null;
        boolean seen = false;
        if (endOf('}')) {
            return null;
        }
        do {
            name();
            if (isName(CONTENT)) {
                if (seen) {
                    throw odd();
                }
                seen = true;
                if (peek() == '"') {
                    content = string();
                } else {
                    literal("null");
                }
            } else {
                skipValue(4);
            }
        } while (nextMember('}'));
        return content;
    }

    /** Usage whose counts are integers (or absent), after its '{', up to and with its '}'. */
    private Usage usage() {
        long in = 0;
        long out = 0;
        int seen = 0;
        if (!endOf('}')) {
            do {
                name();
                int bit = isName(PROMPT_TOKENS) ? 1 : isName(COMPLETION_TOKENS) ? 2 : 0;
                if (bit == 0) {
                    skipValue(2);
                    continue;
                }
                if ((seen & bit) != 0) {
                    throw odd();
                }
                seen |= bit;
                long n = integer();
                if (bit == 1) {
                    in = n;
                } else {
                    out = n;
                }
            } while (nextMember('}'));
        }
        return new Usage(Math.max(0, in), Math.max(0, out));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
