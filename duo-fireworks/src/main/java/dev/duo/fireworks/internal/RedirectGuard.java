package dev.duo.fireworks.internal;

import dev.duo.spi.Redactor;
import dev.duo.spi.EndpointRules;
import java.io.IOException;
import java.net.URI;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Redirects under the endpoint policy. OkHttp's own redirect following is off (it would post the
 * prompt to wherever a server points, around {@code custom_models_enabled: false} and the
 * allowlist); this interceptor follows only a 307 or 308 (which keep the method and body) to the
 * same origin, after checking the new URL against the endpoint policy again, at most
 * {@link #MAX_HOPS} times. Any other redirect (another origin, https to http, 301/302/303, which
 * would turn the POST into a GET, a redirect loop) ends the attempt with {@link Refused}, which the
 * error mapper turns into a {@code ConfigurationException} naming both URLs, credentials removed.
 */
final class RedirectGuard implements Interceptor {

    static final int MAX_HOPS = 5;

    private final Predicate<URI> allowed;

    /** @param allowed whether the endpoint policy admits a URL (the allowlist, when custom models are off) */
    RedirectGuard(Predicate<URI> allowed) {
        this.allowed = allowed;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Response response = chain.proceed(request);
        for (int hop = 0; response.isRedirect(); hop++) {
            HttpUrl from = response.request().url();
            String location = response.header("Location");
            HttpUrl to = location == null ? null : from.resolve(location);
            int code = response.code();
            response.close();
            if (to == null) {
                throw new Refused(code, from, null, "with no usable Location header");
            }
            if (!from.scheme().equals(to.scheme()) || !from.host().equals(to.host()) || from.port() != to.port()) {
                throw new Refused(code, from, to, from.isHttps() && !to.isHttps()
                        ? "from https to plain http" : "to another origin");
            }
            if (code != 307 && code != 308) {
                throw new Refused(code, from, to, "that would resend the request as a GET without its body");
            }
            if (hop >= MAX_HOPS) {
                throw new Refused(code, from, to, "after " + MAX_HOPS + " redirects already");
            }
            if (!allowed.test(to.uri())) {
                throw new Refused(code, from, to, "to a path the endpoint policy does not admit (custom_endpoint_allowlist)");
            }
            response = chain.proceed(response.request().newBuilder().url(to).build());
        }
        return response;
    }

    /** A redirect the SDK will not follow; its message names both URLs (without user info or secrets). */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(int code, HttpUrl from, HttpUrl to, String why) {
            super("the server redirected the request (HTTP " + code + ") from " + shown(from) + " to "
                    + (to == null ? "nowhere" : shown(to)) + " " + why + ", and the SDK only follows a 307/308"
                    + " redirect within the configured endpoint: if the new address is right, set the model's endpoint"
                    + " to it (and add it to custom_endpoint_allowlist if custom models are off)");
        }

        private static String shown(HttpUrl url) {
            return Redactor.PATTERNS_ONLY.redact(EndpointRules.display(url.uri()));
        }
    }
}
