package dev.duo.bedrock.internal;

import dev.duo.spi.Redactor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Logs what goes over the wire to Bedrock, after signing (so the headers are the real ones), with
 * every credential-bearing header and query parameter redacted: {@code Authorization} (SigV4
 * signature or bearer token), {@code X-Amz-Security-Token}, {@code X-Amz-Signature},
 * {@code X-Amz-Credential} and anything named like a token, secret or key.
 * Installed only when wire logging is on (AIGW_LOGGING__ENABLE_LITELLM_LOGGING).
 */
public final class WireLoggingInterceptor implements ExecutionInterceptor {

    /** The logger wire traffic goes to. */
    public static final Logger WIRE = LoggerFactory.getLogger("dev.duo.bedrock.wire");

    private static final Pattern SECRET_NAME = Pattern.compile(
            "authorization|.*token.*|.*secret.*|.*signature.*|.*credential.*|.*api-?key.*|cookie|set-cookie");
    private static final String REDACTED = Redactor.MASK;

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!WIRE.isInfoEnabled()) {
            return;
        }
        SdkHttpRequest r = context.httpRequest();
        StringBuilder sb = new StringBuilder("bedrock --> ").append(r.method()).append(' ')
                .append(r.protocol()).append("://").append(r.host());
        if (r.port() != 80 && r.port() != 443) {
            sb.append(':').append(r.port());
        }
        sb.append(r.encodedPath());
        appendQuery(sb, r.rawQueryParameters());
        appendHeaders(sb, r.headers());
        WIRE.info(sb.toString());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (!WIRE.isInfoEnabled()) {
            return;
        }
        SdkHttpResponse r = context.httpResponse();
        StringBuilder sb = new StringBuilder("bedrock <-- ").append(r.statusCode());
        appendHeaders(sb, r.headers());
        WIRE.info(sb.toString());
    }

    private static void appendQuery(StringBuilder sb, Map<String, List<String>> query) {
        char sep = '?';
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep).append(e.getKey()).append('=').append(redact(e.getKey(), v));
                sep = '&';
            }
        }
    }

    private static void appendHeaders(StringBuilder sb, Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            for (String v : values) {
                // A server's header text is escaped: it must not add lines of its own to the log.
                sb.append("\n  ").append(dev.duo.spi.UntrustedText.sanitize(name, 200)).append(": ")
                        .append(dev.duo.spi.UntrustedText.sanitize(redact(name, v), 4096));
            }
        });
    }

    /** The value to print for a header or query parameter. */
    static String redact(String name, String value) {
        if (!SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            return value;
        }
        // Keep the scheme so a reader can tell SigV4 from a bearer token; never the rest.
        if (name.equalsIgnoreCase("authorization") && value != null) {
            int space = value.indexOf(' ');
            if (space > 0) {
                return value.substring(0, space) + ' ' + REDACTED;
            }
        }
        return REDACTED;
    }
}
