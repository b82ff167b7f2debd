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
final class AnswerScanner {

    /** Nesting deeper than this is left to Jackson (which allows {@code Json.MAX_NESTING_DEPTH}). */
    static final int MAX_DEPTH = 64;
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

    /** Thrown for anything not vouched for; caught in {@link #read}. No stack trace: it is no error. */
    private static final class Odd extends RuntimeException {
        private static final Odd INSTANCE = new Odd();

        private Odd() {
            super(null, null, false, false);
        }
    }

    private final byte[] b;
    private int i;
    /** Where the last field name or unescaped string began and ended (exclusive), in {@link #b}. */
    private int nameStart;
    private int nameEnd;

    private AnswerScanner(byte[] body) {
        this.b = body;
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
        Choice choice = null;
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
    private Choice choice() {
        Choice c = new Choice();
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
                    String content = content();
                    if (bit == 2) {
                        c.message = content;
                    } else {
                        c.delta = content;
                        c.hasDelta = true;
                    }
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

    // ---- the JSON grammar

    /** A field name (no escapes: an escaped one is left to Jackson) and its ':'. */
    private void name() {
        expect('"');
        int start = i;
        while (true) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80) {
                throw odd();   // escaped or non-ASCII names: none of the fields read here
            }
            i++;
        }
        nameStart = start;
        nameEnd = i++;
        expect(':');
        skipSpace();
    }

    private boolean isName(byte[] name) {
        int len = nameEnd - nameStart;
        if (len != name.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[nameStart + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** After a member: true at ',' (another follows), false at {@code close}. */
    private boolean nextMember(char close) {
        skipSpace();
        byte c = b[i++];
        if (c == ',') {
            skipSpace();
            return true;
        }
        if (c == close) {
            return false;
        }
        throw odd();
    }

    /** Whether the container just opened ends at once ({@code close} is then consumed). */
    private boolean endOf(char close) {
        skipSpace();
        if (b[i] == close) {
            i++;
            return true;
        }
        return false;
    }

    /** Skips a value inside {@code depth} objects and arrays. */
    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw odd();
        }
        skipSpace();
        switch (b[i]) {
            case '"' -> skipString();
            case '{' -> {
                i++;
                if (!endOf('}')) {
                    do {
                        name();
                        skipValue(depth + 1);
                    } while (nextMember('}'));
                }
            }
            case '[' -> {
                i++;
                if (!endOf(']')) {
                    do {
                        skipValue(depth + 1);
                    } while (nextMember(']'));
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> skipNumber();
        }
    }

    private void literal(String word) {
        skipSpace();
        for (int k = 0; k < word.length(); k++) {
            if (b[i++] != word.charAt(k)) {
                throw odd();
            }
        }
        delimiter();
    }

    /** An integer of at most 18 digits (so that it fits a long), as Jackson reads {@code VALUE_NUMBER_INT}. */
    private long integer() {
        skipSpace();
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long n = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            n = n * 10 + (b[i++] - '0');
        }
        int digits = i - start;
        if (digits == 0 || digits > 18 || (b[start] == '0' && digits > 1)) {
            throw odd();
        }
        delimiter();   // a fraction or an exponent is not an integer: Jackson reads it
        return negative ? -n : n;
    }

    /** A number in JSON's grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, at most 100 long. */
    private void skipNumber() {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (b[i] == '0') {
            i++;
        } else {
            digits();
        }
        if (i < b.length && b[i] == '.') {
            i++;
            digits();
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (b[i] == '+' || b[i] == '-') {
                i++;
            }
            digits();
        }
        if (i - start > 100) {
            throw odd();
        }
        delimiter();
    }

    private void digits() {
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == start) {
            throw odd();
        }
    }

    /** What may follow a number or a literal: the end, white space, ',', ']' or '}'. */
    private void delimiter() {
        if (i < b.length) {
            byte c = b[i];
            if (c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw odd();
            }
        }
    }

    private void skipSpace() {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private void expect(char c) {
        skipSpace();
        if (b[i++] != c) {
            throw odd();
        }
    }

    private byte peek() {
        skipSpace();
        return b[i];
    }

    private void skipString() {
        string(false);
    }

    /** A string value, decoded. */
    private String string() {
        return string(true);
    }

    /**
     * Reads a string from its opening quote. Plain ASCII without escapes becomes a string of those
     * bytes; anything else is decoded: the escapes of JSON, strict UTF-8 (no overlong form, no
     * surrogate, nothing above U+10FFFF), no control character.
     */
    private String string(boolean keep) {
        expect('"');
        int start = i;
        while (true) {
            int c = b[i];
            if (c == '"') {
                i++;
                return keep ? new String(b, start, i - 1 - start, StandardCharsets.ISO_8859_1) : null;
            }
            if (c == '\\' || c < 0x20) {   // c < 0 too: a byte above 0x7F
                break;
            }
            i++;
        }
        char[] out = keep ? new char[rawLength(start)] : null;   // room enough: no escape or sequence is shorter as text
        int o = 0;
        for (int k = start; k < i; k++) {
            if (keep) {
                out[o] = (char) b[k];
            }
            o++;
        }
        while (true) {
            int c = b[i++] & 0xFF;
            int ch;
            if (c == '"') {
                return keep ? new String(out, 0, o) : null;
            } else if (c == '\\') {
                ch = escape();
            } else if (c < 0x20) {
                throw odd();
            } else if (c < 0x80) {
                ch = c;
            } else {
                int cp = utf8(c);
                if (cp > 0xFFFF) {
                    if (keep) {
                        out[o] = Character.highSurrogate(cp);
                        out[o + 1] = Character.lowSurrogate(cp);
                    }
                    o += 2;
                    continue;
                }
                ch = cp;
            }
            if (keep) {
                out[o] = (char) ch;
            }
            o++;
        }
    }

    /** The bytes from {@code start} to the string's closing quote (or to the end of the body). */
    private int rawLength(int start) {
        int k = i;
        while (k < b.length && b[k] != '"') {
            k += b[k] == '\\' ? 2 : 1;
        }
        return Math.min(k, b.length) - start;
    }

    private int escape() {
        int e = b[i++];
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (hex(b[i++]) << 12) | (hex(b[i++]) << 8) | (hex(b[i++]) << 4) | hex(b[i++]);
            default -> throw odd();
        };
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw odd();
    }

    /** The code point of a strict UTF-8 sequence whose lead byte {@code c} was read. */
    private int utf8(int c) {
        if (c >= 0xC2 && c <= 0xDF) {
            return ((c & 0x1F) << 6) | continuation(0x80, 0xBF);
        }
        if (c >= 0xE0 && c <= 0xEF) {
            int lo = c == 0xE0 ? 0xA0 : 0x80;
            int hi = c == 0xED ? 0x9F : 0xBF;    // no surrogates
            int c1 = continuation(lo, hi);
            return ((c & 0x0F) << 12) | (c1 << 6) | continuation(0x80, 0xBF);
        }
        if (c >= 0xF0 && c <= 0xF4) {
            int lo = c == 0xF0 ? 0x90 : 0x80;
            int hi = c == 0xF4 ? 0x8F : 0xBF;    // nothing above U+10FFFF
            int c1 = continuation(lo, hi);
            int c2 = continuation(0x80, 0xBF);
            return ((c & 0x07) << 18) | (c1 << 12) | (c2 << 6) | continuation(0x80, 0xBF);
        }
        throw odd();
    }

    /** The low six bits of a continuation byte in {@code [lo, hi]}. */
    private int continuation(int lo, int hi) {
        int c = b[i++] & 0xFF;
        if (c < lo || c > hi) {
            throw odd();
        }
        return c & 0x3F;
    }

    private static Odd odd() {
        return Odd.INSTANCE;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The parts of a choice read so far (as {@link Answers}' own). */
    private static final class Choice {
        String text;
        String message;
        String delta;
        boolean hasDelta;
        String finish;

        String text() {
            if (text != null) {
                return text;
            }
            String held = hasDelta ? delta : message;
            return held != null ? held : "";
        }
    }
}
