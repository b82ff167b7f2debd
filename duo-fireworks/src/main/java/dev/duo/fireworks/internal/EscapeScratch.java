package dev.duo.fireworks.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Scratch space for escaping a long string a piece at a time ({@link JsonBytes#escaped(String)}):
 * a piece's characters ({@link String#getChars}, a vectorised copy) and the same as Latin-1 bytes
 * (the JDK's ISO-8859-1 encoder, a vectorised intrinsic that stops at the first character above
 * U+00FF), which {@link JsonBytes} then scans eight at a time.
 *
 * <p>Kept in a small shared pool rather than per thread, so that thousands of virtual threads do not
 * each keep one; a thread that finds the pool empty makes its own.
 *
 * <pre>{@code
 * EscapeScratch s = EscapeScratch.take();
 * try { int latin1 = s.load(text, from, len); ... } finally { EscapeScratch.give(s); }
 * }</pre>
 *
 * <p>Not thread-safe: one thread uses a taken scratch until it gives it back.
 */
final class EscapeScratch {

    /** Characters per piece. */
    static final int PIECE = 4096;
    private static final int POOLED = 16;
    private static final AtomicReferenceArray<EscapeScratch> POOL = new AtomicReferenceArray<>(POOLED);

    private final char[] chars = new char[PIECE];
    final byte[] latin1 = new byte[PIECE];
    private final CharBuffer in = CharBuffer.wrap(chars);
    private final ByteBuffer out = ByteBuffer.wrap(latin1);
    private final CharsetEncoder encoder = StandardCharsets.ISO_8859_1.newEncoder();

    private EscapeScratch() {
    }

    static EscapeScratch take() {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i < POOLED; i++) {
            EscapeScratch s = POOL.getAndSet((start + i) & (POOLED - 1), null);
            if (s != null) {
                return s;
            }
        }
        return new EscapeScratch();
    }

    static void give(EscapeScratch s) {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i < POOLED; i++) {
            if (POOL.compareAndSet((start + i) & (POOLED - 1), null, s)) {
                return;
            }
        }
    }

    /**
     * Copies {@code len} (at most {@link #PIECE}) characters of {@code s} from {@code from} into the
     * encoder's input, and as many of them as are Latin-1, from the first on, into {@link #latin1}.
     *
     * @return how many leading characters are in {@link #latin1}: {@code len} unless one is above U+00FF
     */
    int load(String s, int from, int len) {
        s.getChars(from, from + len, chars, 0);
        in.clear().limit(len);
        out.clear();
        encoder.reset();
        encoder.encode(in, out, true);   // stops at an unmappable character (above U+00FF, a surrogate)
        return out.position();
    }
}
