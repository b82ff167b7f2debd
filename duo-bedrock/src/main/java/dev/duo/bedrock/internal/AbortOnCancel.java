package dev.duo.bedrock.internal;

import dev.duo.spi.Attempt;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The sync transport, wrapped so that cancelling an attempt aborts its HTTP request (closing the
 * connection) while the caller's thread is blocked reading it: the AWS SDK's sync client has no
 * cancel of its own. The attempt is handed over in a thread-local for the duration of the SDK call,
 * as the SDK prepares the request on the calling thread.
 *
 * <pre>{@code
 * BedrockRuntimeClient.builder().httpClient(new AbortOnCancel(Apache5HttpClient.builder().build()));
 * AbortOnCancel.run(attempt, () -> client.converse(request));
 * }</pre>
 */
final class AbortOnCancel implements SdkHttpClient {

    private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

    private final SdkHttpClient delegate;

    AbortOnCancel(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code call} with {@code attempt} as the one its HTTP requests abort with. */
    static <T> T run(Attempt attempt, java.util.function.Supplier<T> call) {
        Attempt before = CURRENT.get();
        CURRENT.set(attempt);
        try {
            return call.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest r = delegate.prepareRequest(request);
        Attempt a = CURRENT.get();
        if (a != null) {
            a.onCancel(r::abort);
        }
        return r;
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
