package dev.duo.fireworks.internal;

import java.nio.charset.StandardCharsets;

/**
 * A strict JSON reader over UTF-8 bytes for {@link AnswerScanner}: RFC 8259's grammar, strict UTF-8
 * (no overlong form, no encoded surrogate, nothing above U+10FFFF), no control character in a
 * string, field names without escapes. Whatever it does not vouch for throws {@link Odd}, which is
 * no error: the caller then leaves the bytes to Jackson. Running past the end throws
 * {@link ArrayIndexOutOfBoundsException}, taken the same way.
 *
 * <pre>{@code
 * expect('{'); name(); if (isName(TEXT)) { String t = string(); } else { skipValue(1); }
 * }</pre>
 *
 * <p>Not thread-safe: one per body.
 */
abstract class StrictJsonReader {

    /** Nesting deeper than this is left to Jackson (which allows {@code Json.MAX_NESTING_DEPTH}). */
    static final int MAX_DEPTH = 64;

    /** Thrown for anything not vouched for; caught by the reader's caller. No stack trace: it is no error. */
    static final class Odd extends RuntimeException {
        private static final Odd INSTANCE = new Odd();

        private Odd() {
            super(null, null, false, false);
        }
    }

    final byte[] b;
    int i;
    /** Where the last field name began and ended (exclusive), in {@link #b}. */
    private int nameStart;
    private int nameEnd;

    StrictJsonReader(byte[] body) {
        this.b = body;
    }


    /** A field name (no escapes: an escaped one is left to Jackson) and its ':'. */
    final void name() {
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

    final boolean isName(byte[] name) {
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
    final boolean nextMember(char close) {
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
    final boolean endOf(char close) {
        skipSpace();
        if (b[i] == close) {
            i++;
            return true;
        }
        return false;
    }

    /** Skips a value inside {@code depth} objects and arrays. */
    final void skipValue(int depth) {
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

    final void literal(String word) {
        skipSpace();
        for (int k = 0; k < word.length(); k++) {
            if (b[i++] != word.charAt(k)) {
                throw odd();
            }
        }
        delimiter();
    }

    /** An integer of at most 18 digits (so that it fits a long), as Jackson reads {@code VALUE_NUMBER_INT}. */
    final long integer() {
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

    final void skipSpace() {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    final void expect(char c) {
        skipSpace();
        if (b[i++] != c) {
            throw odd();
        }
    }

    final byte peek() {
        skipSpace();
        return b[i];
    }

    private void skipString() {
        string(false);
    }

    /** A string value, decoded. */
    final String string() {
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

    static Odd odd() {
        return Odd.INSTANCE;
    }
}
