package dev.duo.pipeline;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.Usage;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Moved to {@link dev.duo.call.CallEvent}, which implements this interface so that code reading it through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.CallEvent;
 * import dev.duo.call.CallEvent;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.CallEvent}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface CallEvent {

    /**
     * See {@link dev.duo.call.CallEvent#builder(dev.duo.call.CallContext, ModelRequest)}.
     *
     * @param context the call
     * @param request the request
     * @return a builder
     */
    static dev.duo.call.CallEvent.Builder builder(dev.duo.call.CallContext context, ModelRequest request) {
        return dev.duo.call.CallEvent.builder(context, request);
    }

    /** @return the call */
    dev.duo.call.CallContext context();

    /** @return the request */
    ModelRequest request();

    /** @return the feature */
    Optional<String> feature();

    /** @return the model's name */
    String model();

    /** @return the model family */
    String family();

    /** @return the provider */
    String provider();

    /** @return whether the call streams */
    boolean streaming();

    /** @return the attempts made */
    int attempts();

    /** @return the completion */
    Optional<Completion> completion();

    /** @return the usage */
    Optional<Usage> usage();

    /** @return the finish reason */
    Optional<FinishReason> finishReason();

    /** @return the error */
    Optional<DuoException> error();

    /** @return the latency */
    Optional<Duration> latency();

    /** @return the time to the first token */
    Optional<Duration> timeToFirstToken();

    /** @return the GenAI attributes */
    Map<String, Object> attributes();
}
