package dev.duo.fireworks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer that request bodies are written into, with JSON strings escaped exactly as
 * Jackson's generator writes them by default: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other
 * control characters as <code>&#92;u00XX</code>, each UTF-16 surrogate as <code>&#92;uXXXX</code> (upper-case hex), and
 * everything else as plain UTF-8 ({@code RequestBodyGoldenTest} holds bodies written by Jackson).
 *
 * <p>Why not Jackson: its generator took about 2 ns a character (a segment loop, output buffer checks,
 * a slower second loop after the first escape), most of a request body's cost. Here a short string
 * is written by one tight loop, one table look-up per ASCII character. A long one (a prompt with a
 * file in it) is copied out a piece at a time as Latin-1 bytes ({@link EscapeScratch}, two of the
 * JDK's vectorised copies) and written eight characters at a time, each eight checked with word
 * arithmetic: about 1.5x faster on a code generation prompt, whose escapes (new lines, quotes) come
 * every twenty characters or so. From a character above U+00FF on, a piece goes one at a time.
 *
 * <p>A blocking call's body can be written into this thread's spare buffer ({@link #pooled}) and
 * the buffer given back once the call is over ({@link #recycle}): a body is some 5 KB a call.
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
    /**
     * For each ASCII character: 0 = as it is, else the letter of its short escape, or 'u' for
     * <code>&#92;u00XX</code>.
     */
    private static final byte[] ESCAPES = new byte[128];

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
    }

    /** Whether each Latin-1 character needs more than itself: an escape, or two UTF-8 bytes. */
    private static final byte[] ESCAPES_LATIN1 = new byte[256];

    static {
        System.arraycopy(ESCAPES, 0, ESCAPES_LATIN1, 0, 128);
        java.util.Arrays.fill(ESCAPES_LATIN1, 128, 256, (byte) 1);
    }

    /** Strings at least this long are escaped a piece and eight characters at a time. */
    static final int LONG_TEXT = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The largest buffer a thread keeps for its next body: a few hundred threads keep a few MB at most. */
    static final int SPARE_MAX = 16 * 1024;
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private byte[] buf;
    private int count;

    JsonBytes(int size) {
        this(new byte[Math.max(16, size)]);
    }

    private JsonBytes(byte[] buf) {
        this.buf = buf;
    }

    /**
     * A buffer of at least {@code size} bytes: this thread's spare one when it is large enough (it is
     * then this body's alone until {@link #recycle()}), else a new one.
     */
    static JsonBytes pooled(int size) {
        byte[] spare = SPARE.get();
        if (spare != null && spare.length >= size) {
            SPARE.set(null);
            return new JsonBytes(spare);
        }
        return new JsonBytes(size);
    }

    /**
     * Gives the buffer to this thread for its next body. Only once nothing reads it any more: OkHttp
     * copies a request body while the blocking call that sends it runs on this thread, so after that
     * call (and its replays) returned. This object is unusable afterwards.
     */
    void recycle() {
        byte[] b = buf;
        buf = null;
        if (b != null && b.length <= SPARE_MAX) {
            SPARE.set(b);
        }
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
        long bits = Double.doubleToRawLongBits(d);
        int slot = (int) (bits ^ (bits >>> 32)) & (SHOWN.length - 1);
        Shown shown = SHOWN[slot];
        if (shown == null || shown.bits != bits) {
            shown = new Shown(bits, Double.toString(d).getBytes(StandardCharsets.US_ASCII));
            SHOWN[slot] = shown;   // immutable: a racing thread sees this one, an older one or none
        }
        return raw(shown.text);
    }

    /** A double's text, kept: a temperature or top_p is the same call after call, and dtoa is not cheap. */
    private record Shown(long bits, byte[] text) {
    }

    private static final Shown[] SHOWN = new Shown[8];

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
        int n = s.length();
        ensure(n + 16);
        if (n < LONG_TEXT) {
            for (int i = 0; i < n; ) {
                i = escapeRun(s, i, n, n);
            }
            return this;
        }
        EscapeScratch scratch = EscapeScratch.take();
        try {
            for (int from = 0; from < n; from += EscapeScratch.PIECE) {
                int len = Math.min(EscapeScratch.PIECE, n - from);
                int latin1 = scratch.load(s, from, len);
                escapeLatin1(scratch.latin1, latin1, n - from);
                for (int i = from + latin1; i < from + len; ) {   // from a character above U+00FF on, one at a time
                    i = escapeRun(s, i, from + len, n);
                }
            }
        } finally {
            EscapeScratch.give(scratch);
        }
        return this;
    }

    /**
     * Writes characters of {@code s} from {@code i} up to {@code end} that need no escape, then the
     * first one that does; room for {@code left - i} more bytes is ensured on entry and kept so.
     *
     * @return the index after the last character written
     */
    private int escapeRun(String s, int i, int end, int left) {
        byte[] out = buf;
        int o = count;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                count = o;
                escapeChar(c, left - i);
                return i + 1;
            }
            out[o++] = (byte) c;   // room for every remaining character as one byte is ensured
        }
        count = o;
        return end;
    }

    /**
     * Writes {@code len} Latin-1 characters eight at a time: each eight are copied as one word; when
     * some of them need more than themselves (a control character, a quote, a backslash, or one above
     * U+007F, which is two bytes in UTF-8), found exactly with word arithmetic, each of those is written
     * in its place and the word's rest copied after it, shifted, without reading the word again.
     * Room for {@code left} more characters as one byte each, and 16 bytes more, is ensured on entry
     * and kept so.
     */
    private void escapeLatin1(byte[] latin1, int len, int left) {
        byte[] out = buf;
        int o = count;
        int i = 0;
        for (; i <= len - 8; i += 8) {
            long w = (long) LONGS.get(latin1, i);
            LONGS.set(out, o, w);
            long special = specialBytes(w);
            if (special == 0) {
                o += 8;
                continue;
            }
            // up to 6 bytes for each of the eight, and a word's store past the last
            if (out.length - o < left - i + 64) {
                count = o;
                ensure(left - i + 64);
                out = buf;
            }
            int done = 0;   // bytes of w written so far
            do {
                int k = Long.numberOfTrailingZeros(special) >>> 3;
                o += k - done;
                o = escapeByte(out, o, (int) (w >>> (k << 3)) & 0xFF);
                done = k + 1;
                if (done < 8) {
                    LONGS.set(out, o, w >>> (done << 3));   // the rest of the word, to be counted or overwritten
                }
                special &= special - 1;
            } while (special != 0);
            o += 8 - done;
        }
        if (i < len && out.length - o < left - i + 64) {   // the last few, each up to 6 bytes
            count = o;
            ensure(left - i + 64);
            out = buf;
        }
        for (; i < len; i++) {
            int c = latin1[i] & 0xFF;
            if (ESCAPES_LATIN1[c] == 0) {
                out[o++] = (byte) c;
            } else {
                o = escapeByte(out, o, c);
            }
        }
        count = o;
    }

    /**
     * Writes the escape or the two UTF-8 bytes of a Latin-1 character that needs more than itself, at
     * {@code o} (room ensured by the caller).
     *
     * @return the index after it
     */
    private static int escapeByte(byte[] out, int o, int c) {
        if (c >= 0x80) {
            out[o] = (byte) (0xC0 | (c >> 6));
            out[o + 1] = (byte) (0x80 | (c & 0x3F));
            return o + 2;
        }
        byte e = ESCAPES[c];
        out[o] = '\\';
        if (e != 'u') {
            out[o + 1] = e;
            return o + 2;
        }
        out[o + 1] = 'u';
        out[o + 2] = '0';
        out[o + 3] = '0';
        out[o + 4] = HEX[(c >> 4) & 0xF];
        out[o + 5] = HEX[c & 0xF];
        return o + 6;
    }

    /**
     * The high bit of each byte of {@code w} that needs an escape is set, and no other bit: below 0x20,
     * {@code "}, {@code \}, or 0x80 and above. Exact for each byte: the sums are of seven-bit values,
     * so no carry crosses into the next byte.
     */
    private static long specialBytes(long w) {
        long low = w & 0x7F7F7F7F7F7F7F7FL;
        long printable = low + 0x6060606060606060L;                       // high bit set from 0x20 on
        long notQuote = (low ^ 0x2222222222222222L) + 0x7F7F7F7F7F7F7F7FL; // high bit set unless '"'
        long notBackslash = (low ^ 0x5C5C5C5C5C5C5C5CL) + 0x7F7F7F7F7F7F7F7FL;
        return (w | ~(printable & notQuote & notBackslash)) & 0x8080808080808080L;
    }

    /** Writes one character that is not plain ASCII; then ensures room for {@code left} more bytes. */
    private void escapeChar(char c, int left) {
        if (c < 0x80) {
            escapeAscii(c);
        } else if (c < 0x800) {
            ensure(2);
            buf[count++] = (byte) (0xC0 | (c >> 6));
            buf[count++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            unicodeEscape(c);   // as Jackson: each half of a pair escaped, a lone one too
        } else {
            ensure(3);
            buf[count++] = (byte) (0xE0 | (c >> 12));
            buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[count++] = (byte) (0x80 | (c & 0x3F));
        }
        ensure(left + 16);
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
