package dev.duo.vertex.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds Google's authorization headers to each request as it is sent, on the thread that sends it:
 * the caller's for a blocking call, OkHttp's for an async call or a stream, so {@code completeAsync()}
 * and {@code stream()} return at once even when the token must be fetched first. A token that cannot be had fails the call with
 * {@link TokenUnavailable}, which the client turns into an authentication error.
 */
final class AuthInterceptor implements Interceptor {

    private final GoogleAuth auth;

    AuthInterceptor(GoogleAuth auth) {
        this.auth = auth;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Map<String, List<String>> headers;
        try {
            headers = auth.headers(request.url().uri());
        } catch (IOException | RuntimeException e) {
            // Anything thrown here other than an IOException would kill OkHttp's dispatcher thread.
            throw new TokenUnavailable(Messages.shorten(e.getMessage()), e);
        }
        Request.Builder b = request.newBuilder();
        headers.forEach((name, values) -> {
            b.removeHeader(name);
            values.forEach(v -> b.addHeader(name, v));
        });
        return chain.proceed(b.build());
    }

    /** No access token could be had: refresh failed, or there are no credentials. */
    static final class TokenUnavailable extends IOException {
        private static final long serialVersionUID = 1L;

        TokenUnavailable(String why, Throwable cause) {
            super(why, cause);
        }
    }
}
