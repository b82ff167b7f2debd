/**
 * Deprecated names kept for one release: the package was named after the stage pipeline the call
 * runtime replaced. {@code BlockingStream} moved to {@link dev.duo}, the redactor to
 * {@link dev.duo.spi}, and the call hooks (listeners, interceptors, events, context, retry policy,
 * scheduler, GenAI attribute names) to {@link dev.duo.call}.
 */
package dev.duo.pipeline;
