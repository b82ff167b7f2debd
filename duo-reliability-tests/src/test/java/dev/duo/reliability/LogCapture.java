package dev.duo.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the whole JVM (the root logger at TRACE: the SDK, OkHttp, the AWS
 * SDK, Netty) and scans each as it arrives, so a long load test keeps no event list in memory.
 * Scanned: the formatted message, the raw arguments and every throwable in the chain.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level before = root.getLevel();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong sdkLines = new AtomicLong();
    private final List<String> hits = new ArrayList<>();
    private final java.util.Map<String, AtomicLong> thirdParty = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Third-party loggers that dump what goes over the wire at DEBUG, headers included: the AWS
     * SDK's SigV4 signer (each canonical request, with {@code X-Amz-Security-Token}) and Apache
     * HttpClient 5 (the AWS SDK's sync transport: every header, {@code Authorization} too) and Netty's
     * LoggingHandler (the async transport: every request written). They are
     * outside the Duo SDK's control (duo-bedrock warns once when they are at DEBUG); their hits are
     * counted apart and reported, so the scan of everything else stays exact.
     */
    static final List<String> THIRD_PARTY_WIRE_LOGGERS = List.of(
            "software.amazon.awssdk.http.auth.aws.internal.signer", "org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http.wire", "io.netty.handler.logging.LoggingHandler");
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            scan(e);
        }
    };

    LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
    }

    private void scan(ILoggingEvent e) {
        lines.incrementAndGet();
        if (e.getLoggerName().startsWith("dev.duo")) {
            sdkLines.incrementAndGet();
        }
        StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            for (Object a : e.getArgumentArray()) {
                sb.append(' ').append(a);
            }
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        List<String> found = Secrets.findIn(sb.toString());
        String wireLogger = THIRD_PARTY_WIRE_LOGGERS.stream().filter(e.getLoggerName()::startsWith).findFirst().orElse(null);
        if (!found.isEmpty() && wireLogger != null) {
            thirdParty.computeIfAbsent(wireLogger, k -> new AtomicLong()).incrementAndGet();
        } else if (!found.isEmpty()) {
            synchronized (hits) {
                hits.add(found + " in " + e.getLoggerName() + ": " + e.getFormattedMessage().replace(Secrets.FIREWORKS_KEY, "<k>"));
            }
        }
    }

    /** Log events of the SDK's own loggers ({@code dev.duo...}: request, wire and pipeline logs). */
    long sdkLines() {
        return sdkLines.get();
    }

    /** Log events seen so far. */
    long lines() {
        return lines.get();
    }

    /** Events of the third-party wire loggers (at DEBUG) that held a secret, by logger. */
    java.util.Map<String, Long> thirdPartyHits() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        thirdParty.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Events in which a secret was found (described without the secret). */
    List<String> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(before);
    }
}
