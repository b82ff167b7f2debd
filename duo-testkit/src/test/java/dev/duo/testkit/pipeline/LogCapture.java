package dev.duo.testkit.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log event of the SDK at TRACE, messages and stack traces alike. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.duo");
    private final Logger request = (Logger) LoggerFactory.getLogger("dev.duo.request");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level before = logger.getLevel();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.TRACE);
        request.setLevel(Level.TRACE);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Every message, argument and throwable (with causes) as text. */
    String all() {
        return events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage() + throwable(e.getThrowableProxy()))
                .collect(Collectors.joining("\n"));
    }

    private static String throwable(IThrowableProxy t) {
        if (t == null) {
            return "";
        }
        return " | " + t.getClassName() + ": " + t.getMessage() + throwable(t.getCause());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(before);
        request.setLevel(null);
    }
}
