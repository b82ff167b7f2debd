package dev.duo.pipeline;

import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Optional;

/**
 * Moved to {@link dev.duo.call.CallContext}, which implements this interface so that code reading it through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.CallContext;
 * import dev.duo.call.CallContext;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.CallContext}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface CallContext {

    /**
     * See {@link dev.duo.call.CallContext#builder(SelfHostedModel)}.
     *
     * @param model the model called
     * @return a builder
     */
    static dev.duo.call.CallContext.Builder builder(SelfHostedModel model) {
        return dev.duo.call.CallContext.builder(model);
    }

    /** @return the model called */
    SelfHostedModel model();

    /** @return the feature, if the call is a feature's */
    Optional<String> feature();

    /** @return the prompt file, if any */
    Optional<String> prompt();

    /** @return the secrets to keep out of logs */
    List<Secret> secrets();

    /**
     * @param request the request
     * @return the effective timeouts
     */
    Timeouts timeouts(ModelRequest request);
}
