package dev.duo.fireworks.internal;

import dev.duo.spi.Redactor;
import dev.duo.spi.UntrustedText;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the provider's wire traffic when asked to: method, URL, status and headers at INFO with
 * {@code AIGW_LOGGING__ENABLE_LITELLM_LOGGING}, bodies at DEBUG with
 * {@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}. The authorization header is always masked and the
 * key is masked wherever else it shows up (a URL, an echoing error body).
 */
public final class WireLog {

    static final Logger LOG = LoggerFactory.getLogger("dev.duo.fireworks.wire");

    /** The most of one body or event written to the log. */
    static final int MAX_LOGGED_CHARS = 64 * 1024;

    private final boolean wire;
    private final boolean bodies;
    private final Redactor redactor;

    public WireLog(boolean wire, boolean bodies, Redactor redactor) {
        this.wire = wire;
        this.bodies = bodies;
        this.redactor = redactor;
    }

    public void request(Request request, byte[] body) {
        head(request);
        if (bodies && LOG.isDebugEnabled()) {
            LOG.debug("--> body {}", clean(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    void request(Request request, JsonBytes body) {
        head(request);
        if (bodies && LOG.isDebugEnabled()) {
            LOG.debug("--> body {}", clean(body.text()));
        }
    }

    private void head(Request request) {
        if (wire && LOG.isInfoEnabled()) {
            LOG.info("--> {} {} {}", request.method(), clean(request.url().toString()), headers(request.headers()));
        }
    }

    public void response(Response response, long millis) {
        if (wire && LOG.isInfoEnabled()) {
            LOG.info("<-- {} {} ({} ms) {}", response.code(), clean(response.request().url().toString()),
                    millis, headers(response.headers()));
        }
    }

    public void failure(Request request, Exception e) {
        if (wire && LOG.isInfoEnabled()) {
            LOG.info("<-- failed {} {}: {}", request.method(), clean(request.url().toString()),
                    clean(String.valueOf(e.getMessage())));
        }
    }

    /** As {@link #responseBody(String)}, decoding the bytes only when bodies are logged. */
    public void responseBody(byte[] body) {
        if (bodies && LOG.isDebugEnabled()) {
            responseBody(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public void responseBody(String body) {
        if (bodies && LOG.isDebugEnabled()) {
            LOG.debug("<-- body {}", clean(body));
        }
    }

    public void event(String data) {
        if (bodies && LOG.isDebugEnabled()) {
            LOG.debug("<-- event {}", clean(data));
        }
    }

    /** Redacted, then escaped and capped: what a server sends must not forge log lines. */
    private String clean(String text) {
        return UntrustedText.sanitize(redactor.redact(text), MAX_LOGGED_CHARS);
    }

    private String headers(Headers headers) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            String lower = name.toLowerCase(Locale.ROOT);
            boolean secret = lower.equals("authorization") || lower.equals("proxy-authorization")
                    || lower.equals("api-key") || lower.equals("x-api-key") || lower.equals("cookie");
            sb.append(i == 0 ? "" : ", ").append(name).append(": ")
                    .append(secret ? Redactor.MASK : clean(headers.value(i)));
        }
        return sb.append('}').toString();
    }
}
