package dev.duo.fireworks.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer that request bodies are written into, with JSON strings escaped exactly as
 * Jackson's generator writes them by default: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other
 * control characters as <code>&#92;u00XX</code>, each UTF-16 surrogate as <code>&#92;uXXXX</code> (upper-case hex), and
 * everything else as plain UTF-8 ({@code RequestBodyGoldenTest} holds bodies written by Jackson).
 *
 * <p>Why not Jackson: it escapes one character at a time (about 2 ns each, most of a request body's
 * cost). Here the string is encoded by the JDK's intrinsic ({@link String#getBytes}), scanned with
 * one table look-up per byte for the few bytes that need escaping, and copied in runs.
 *
 * <pre>{@code
 * JsonBytes out = new JsonBytes(256);
 * out.raw("{\"content\":").string(text).raw('}');
 * }</pre>
 *
 * <p>Not thread-safe: one per body.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** A '?' in the encoder's output: a question mark, or the stand-in for a lone surrogate. */
    private static final byte QUESTION_MARK = 1;
    /** The first of the four bytes of a character beyond the BMP (a surrogate pair). */
    private static final byte FOUR_BYTES = 2;
    /**
     * For each byte of UTF-8: 0 = as it is, else the letter of its short escape, 'u' for
     * <code>&#92;u00XX</code>, {@link #QUESTION_MARK} or {@link #FOUR_BYTES}.
     */
    private static final byte[] ESCAPES = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['?'] = QUESTION_MARK;
        for (int b = 0xF0; b < 0x100; b++) {
            ESCAPES[b] = FOUR_BYTES;
        }
    }

    private byte[] buf;
    private int count;

    JsonBytes(int size) {
        buf = new byte[Math.max(16, size)];
    }

    /** The buffer; the body is its first {@link #length()} bytes. */
    byte[] bytes() {
        return buf;
    }

    int length() {
        return count;
    }

    /** The body as text, for the wire log. */
    String text() {
        return new String(buf, 0, count, StandardCharsets.UTF_8);
    }

    /** Appends ASCII text that needs no escaping (JSON punctuation and field names of ours). */
    JsonBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[count++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes raw(char ascii) {
        ensure(1);
        buf[count++] = (byte) ascii;
        return this;
    }

    /** Appends bytes that are already JSON (an escaped string's inside, from {@link #escape}). */
    JsonBytes raw(byte[] json) {
        ensure(json.length);
        System.arraycopy(json, 0, buf, count, json.length);
        count += json.length;
        return this;
    }

    JsonBytes number(long n) {
        return raw(Long.toString(n));
    }

    /** As Jackson writes a double by default ({@link Double#toString}). */
    JsonBytes number(double d) {
        return raw(Double.toString(d));
    }

    /** Appends {@code s} as a JSON string, quotes included. */
    JsonBytes string(String s) {
        raw('"');
        escaped(s);
        return raw('"');
    }

    /** The inside of {@code s} as a JSON string (escaped, without its quotes). */
    static byte[] escape(String s) {
        JsonBytes out = new JsonBytes(s.length() + 16);
        out.escaped(s);
        return Arrays.copyOf(out.buf, out.count);
    }

    /** Appends the inside of {@code s} as a JSON string (escaped, without quotes). */
    JsonBytes escaped(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        ensure(n + 16);
        int run = 0;        // start of the bytes not copied yet
        int counted = 0;    // the characters before byte `counted` are known: `chars`
        int chars = 0;
        for (int i = 0; i < n; i++) {
            byte e = ESCAPES[utf8[i] & 0xFF];
            if (e == 0) {
                continue;
            }
            if (e == QUESTION_MARK) {
                // A question mark, or the encoder's stand-in for a lone surrogate: ask the string.
                chars = charsBefore(utf8, counted, i, chars);
                counted = i;
                char c = s.charAt(chars);
                if (c != '?') {
                    copy(utf8, run, i - run);
                    unicodeEscape(c);
                    run = i + 1;
                }
                continue;
            }
            copy(utf8, run, i - run);
            if (e == FOUR_BYTES) {
                // A surrogate pair, well formed (a lone one became '?'): Jackson escapes each half.
                int cp = ((utf8[i] & 0x07) << 18) | ((utf8[i + 1] & 0x3F) << 12) | ((utf8[i + 2] & 0x3F) << 6)
                        | (utf8[i + 3] & 0x3F);
                unicodeEscape(Character.highSurrogate(cp));
                unicodeEscape(Character.lowSurrogate(cp));
                i += 3;
            } else {
                escapeAscii(utf8[i]);
            }
            run = i + 1;
        }
        copy(utf8, run, n - run);
        return this;
    }

    /** {@code chars} (the characters before byte {@code from}) plus those that bytes [from, to) encode. */
    private static int charsBefore(byte[] utf8, int from, int to, int chars) {
        for (int k = from; k < to; k++) {
            int b = utf8[k] & 0xFF;
            if (b < 0x80 || b >= 0xC0) {   // not a continuation byte
                chars += b >= 0xF0 ? 2 : 1;
            }
        }
        return chars;
    }

    private void escapeAscii(int b) {
        byte e = ESCAPES[b];
        if (e == 'u') {
            unicodeEscape((char) b);
            return;
        }
        ensure(2);
        buf[count++] = '\\';
        buf[count++] = e;
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[count++] = '\\';
        buf[count++] = 'u';
        buf[count++] = HEX[(c >> 12) & 0xF];
        buf[count++] = HEX[(c >> 8) & 0xF];
        buf[count++] = HEX[(c >> 4) & 0xF];
        buf[count++] = HEX[c & 0xF];
    }

    private void copy(byte[] from, int start, int len) {
        if (len > 0) {
            ensure(len);
            System.arraycopy(from, start, buf, count, len);
            count += len;
        }
    }

    private void ensure(int more) {
        if (buf.length - count < more) {
            long want = Math.max((long) buf.length * 2, (long) count + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a request body over 2 GB cannot be written");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
