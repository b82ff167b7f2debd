package dev.duo.internal.pipeline;

import dev.duo.ErrorContext;
import dev.duo.model.Timeouts;
import dev.duo.pipeline.CallContext;
import dev.duo.pipeline.Redactor;
import dev.duo.pipeline.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** What the SDK's own stages share about one call: its context, deadlines, clock and attempt count. */
final class CallState {

    final CallContext context;
    final boolean streaming;
    final Timeouts timeouts;
    final Clock clock;
    final Scheduler scheduler;
    final Redactor redactor;
    final Instant start;
    final Instant deadline;
    final AtomicInteger attempts = new AtomicInteger();

    CallState(CallContext context, boolean streaming, Timeouts timeouts, Clock clock, Scheduler scheduler,
              Redactor redactor) {
        this.context = context;
        this.streaming = streaming;
        this.timeouts = timeouts;
        this.clock = clock;
        this.scheduler = scheduler;
        this.redactor = redactor;
        this.start = clock.instant();
        this.deadline = start.plus(timeouts.total());
    }

    Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    Duration remaining() {
        return Duration.between(clock.instant(), deadline);
    }

    ErrorContext errorContext() {
        return ErrorContext.builder().provider(context.model().platform()).model(context.model().name()).build();
    }

    /** For log lines: feature, model and platform, never a secret. */
    String describe() {
        return "feature=" + context.feature().orElse("-") + " model=" + context.model().name()
                + " platform=" + context.model().platform();
    }
}
