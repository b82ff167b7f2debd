package dev.duo.internal.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.spi.Redactor;
import dev.duo.spi.ModelRequest;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of a call, at their fixed points. Under {@code dev.duo.request}: a one-line summary
 * of the request and of the end at DEBUG and, only when request logging is on
 * ({@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}), the messages and the answer's text at INFO. Under
 * {@code dev.duo.call}: a WARN per failed attempt that is retried or given up on, and per fallback to
 * another model. Everything passes
 * through the call's {@link Redactor} first.
 */
final class CallLog {

    static final Logger REQUEST = LoggerFactory.getLogger("dev.duo.request");
    static final Logger CALL = LoggerFactory.getLogger("dev.duo.call");

    private CallLog() {
    }

    static void request(RealCall call, ModelRequest r) {
        if (call.runtime.requestLogging && REQUEST.isInfoEnabled()) {
            Redactor red = call.leg().redactor();
            String messages = r.messages().stream()
                    .map(m -> m.role().name().toLowerCase(Locale.ROOT) + ": " + red.redact(m.content()))
                    .collect(Collectors.joining("\n"));
            REQUEST.info("duo request {} streaming={} params={}\n{}", call.describe(), call.streaming(),
                    red.redact(r.params().toString()), messages);
        } else if (REQUEST.isDebugEnabled()) {
            REQUEST.debug("duo request {} streaming={} messages={}", call.describe(), call.streaming(), r.messages().size());
        }
    }

    static void response(RealCall call, Completion c) {
        if (call.runtime.requestLogging && REQUEST.isInfoEnabled()) {
            Redactor red = call.leg().redactor();
            REQUEST.info("duo response {} finish={} usage={} request_id={}\n{}", call.describe(), c.finishReason(),
                    c.usage(), c.requestId().map(red::redact).orElse("-"), red.redact(c.text()));
        } else if (REQUEST.isDebugEnabled()) {
            REQUEST.debug("duo response {} finish={} usage={} attempts={} elapsed={}ms", call.describe(),
                    c.finishReason(), c.usage(), call.attempts(), call.elapsed().toMillis());
        }
    }

    static void failure(RealCall call, DuoException e) {
        if (REQUEST.isDebugEnabled()) {
            REQUEST.debug("duo call failed {} attempts={} elapsed={}ms: {}", call.describe(), call.attempts(),
                    call.elapsed().toMillis(), reason(call, e));
        }
    }

    static void retrying(RealCall call, int attempt, int max, long delayMillis, DuoException e) {
        CALL.warn("duo call attempt {}/{} failed, retrying in {} ms; {} - {}", attempt, max, delayMillis,
                call.describe(), reason(call, e));
    }

    static void notRetriedPastDeadline(RealCall call, int attempt, int max, long delayMillis, DuoException e) {
        CALL.warn("duo call attempt {}/{} failed and is not retried: the wait of {} ms would pass the deadline; {} - {}",
                attempt, max, delayMillis, call.describe(), reason(call, e));
    }

    static void fallingBack(RealCall call, String from, String to, DuoException e) {
        CALL.warn("duo call moves from model '{}' to its fallback model '{}'; {} - {}", from, to, call.describe(),
                reason(call, e));
    }

    static void notRetriedAfterChunks(RealCall call) {
        CALL.debug("duo call not retried: chunks already reached the caller {}", call.describe());
    }

    private static String reason(RealCall call, DuoException e) {
        return call.leg().redactor().redact(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
