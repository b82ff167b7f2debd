package dev.duo.bedrock.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Refuses whole Converse answers larger than any model's (8 MiB): a real answer is far smaller; a
 * larger one is a misbehaving server or proxy, and the AWS SDK would read it whole into memory,
 * letting one call exhaust the heap of the service embedding the SDK. Installed on the async Bedrock
 * clients; the sync client counts its answers in its transport ({@link SyncTransport}), with {@link #limited}.
 * (Streamed events are checked one by one in {@link BedrockStream}, at
 * {@link #MAX_EVENT_BYTES}: an error signalled from a wrapped response publisher is not passed on
 * by the SDK's event-stream handling, so the check is made on the decoded events.)
 */
public final class ResponseSizeLimit implements ExecutionInterceptor {

    /** The most a whole answer may be. */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** The most text one streamed event may carry. */
    public static final long MAX_EVENT_BYTES = 1024L * 1024;

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return context.responseBody().map(Limited::new);
    }

    /** {@code in}, refusing to be read past {@link #MAX_BODY_BYTES} ({@link TooLarge}). */
    static InputStream limited(InputStream in) {
        return new Limited(in);
    }

    /** The answer was larger than a limit; mapped to a non-retryable InvalidResponseException. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String what) {
            super(what);
        }
    }

    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new TooLarge("an answer larger than 8 MiB (the limit for a whole answer)");
            }
        }
    }
}
