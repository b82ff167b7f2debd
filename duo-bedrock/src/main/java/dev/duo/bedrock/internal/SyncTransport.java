package dev.duo.bedrock.internal;

import dev.duo.spi.Attempt;
import java.io.IOException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * The sync client's HTTP transport, wrapped to do two things the AWS SDK's sync client has no way of its own to do
 * as cheaply:
 * <ul>
 *   <li><b>Cancelling an attempt aborts its HTTP request</b> (closing the connection) while the caller's thread is
 *       blocked reading it. The attempt is handed over for the duration of the SDK call, as the SDK prepares the
 *       request on the calling thread: in a slot each thread keeps (an {@code Object[1]}, written and cleared per
 *       call), not a thread-local set and removed per call, which inserted and expunged an entry of the thread's map
 *       on every call (and rehashed its neighbours). The slot is a JDK type, so a pooled thread's map holds no class
 *       of Duo's once the call is over.
 *   <li><b>A whole answer larger than {@link ResponseSizeLimit#MAX_BODY_BYTES} is refused</b> as it is read: the
 *       body's stream is counted here, beneath the SDK, rather than by an execution interceptor, whose hooks the SDK
 *       runs on every call (the async clients, which have no such transport, keep {@link ResponseSizeLimit}).
 * </ul>
 *
 * <pre>{@code
 * BedrockRuntimeClient.builder().httpClient(new SyncTransport(Apache5HttpClient.builder().build()));
 * ConverseResponse answer = SyncTransport.converse(attempt, client, request);
 * }</pre>
 */
final class SyncTransport implements SdkHttpClient {

    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(() -> new Object[1]);

    private final SdkHttpClient delegate;

    SyncTransport(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * Calls Converse with {@code attempt} as the one its HTTP request aborts with (a method, not a
     * supplier: a capturing lambda per call was allocated on C2's slow path).
     */
    static ConverseResponse converse(Attempt attempt, BedrockRuntimeClient client, ConverseRequest request) {
        Object[] slot = CURRENT.get();
        Object before = slot[0];
        slot[0] = attempt;
        try {
            return client.converse(request);
        } finally {
            slot[0] = before;
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Limited r = new Limited(delegate.prepareRequest(request));
        Object a = CURRENT.get()[0];
        if (a != null) {
            ((Attempt) a).onCancel(r);
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

    /** A request whose answer's body is counted as it is read; as a Runnable, its abort (an attempt's cancel hook). */
    private static final class Limited implements ExecutableHttpRequest, Runnable {
        private final ExecutableHttpRequest request;

        Limited(ExecutableHttpRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            HttpExecuteResponse response = request.call();
            if (response.responseBody().isEmpty()) {
                return response;
            }
            AbortableInputStream body = response.responseBody().get();
            return HttpExecuteResponse.builder().response(response.httpResponse())
                    .responseBody(AbortableInputStream.create(ResponseSizeLimit.limited(body), body)).build();
        }

        @Override
        public void abort() {
            request.abort();
        }

        @Override
        public void run() {
            request.abort();
        }
    }
}
