package dev.duo.fireworks.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer that request bodies are written into, with JSON strings escaped exactly as
 * Jackson's generator writes them by default: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other
 * control characters as <code>&#92;u00XX</code>, each UTF-16 surrogate as <code>&#92;uXXXX</code> (upper-case hex), and
 * everything else as plain UTF-8 ({@code RequestBodyGoldenTest} holds bodies written by Jackson).
 *
 * <p>Why not Jackson: its generator took about 2 ns a character (a segment loop, output buffer checks,
 * a slower second loop after the first escape), most of a request body's cost. Here one tight loop
 * writes each character, with one table look-up for ASCII, and no temporary copy of the string.
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
        int n = s.length();
        ensure(n + 16);
        byte[] out = buf;
        int o = count;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && ESCAPES[c] == 0) {
                out[o++] = (byte) c;   // room for every remaining character as one byte is ensured
                continue;
            }
            count = o;
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
            ensure(n - i + 16);
            out = buf;
            o = count;
        }
        count = o;
        return this;
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
