package dev.duo.bedrock.internal;

import dev.duo.spi.Attempt;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The sync transport, wrapped so that cancelling an attempt aborts its HTTP request (closing the
 * connection) while the caller's thread is blocked reading it: the AWS SDK's sync client has no
 * cancel of its own. The attempt is handed over in a thread-local for the duration of the SDK call,
 * as the SDK prepares the request on the calling thread: a slot each thread keeps (an {@code Object[1]},
 * written and cleared per call), not a thread-local set and removed per call, which inserted and
 * expunged an entry of the thread's map on every call (and rehashed its neighbours). The slot is a JDK
 * type, so a pooled thread's map holds no class of Duo's once the call is over.
 *
 * <pre>{@code
 * BedrockRuntimeClient.builder().httpClient(new AbortOnCancel(Apache5HttpClient.builder().build()));
 * AbortOnCancel.run(attempt, () -> client.converse(request));
 * }</pre>
 */
final class AbortOnCancel implements SdkHttpClient {

    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(() -> new Object[1]);

    private final SdkHttpClient delegate;

    AbortOnCancel(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code call} with {@code attempt} as the one its HTTP requests abort with. */
    static <T> T run(Attempt attempt, java.util.function.Supplier<T> call) {
        Object[] slot = CURRENT.get();
        Object before = slot[0];
        slot[0] = attempt;
        try {
            return call.get();
        } finally {
            slot[0] = before;
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest r = delegate.prepareRequest(request);
        Object a = CURRENT.get()[0];
        if (a != null) {
            ((Attempt) a).onCancel(r::abort);
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
