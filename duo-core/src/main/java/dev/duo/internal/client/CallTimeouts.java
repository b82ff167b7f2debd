package dev.duo.internal.client;

import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import java.time.Duration;
import java.util.Optional;

/**
 * The one timeout rule of a feature call, written once (as the parameter merge order is, in
 * {@link DefaultFeatureClient}). What each deadline bounds:
 * <ul>
 *   <li>{@code connect}: connecting;
 *   <li>{@code attempt}: one whole attempt of a blocking call, or a stream's wait for its first chunk;
 *   <li>{@code idle}: the silence between stream events only (never a blocking call's read);
 *   <li>{@code total}: the whole call, every attempt and backoff included; each attempt is cut to
 *       what is left of it.
 * </ul>
 * Where they come from: {@code connect}, {@code attempt} and {@code idle} are the model's
 * {@code timeouts} (else {@link Timeouts#DEFAULTS}). {@code total} is, first found: the call's
 * {@code ModelParams.timeout}, the model's {@code params.timeout}, the model's {@code timeouts.total}
 * when configured (anything but the default), the prompt's {@code params.timeout} (a bundled
 * prompt's suggestion), the default. What the user configured beats what a prompt suggests.
 * {@link dev.duo.call.CallContext#timeouts} then applies a call context's own overrides, and
 * providers read the result from {@link dev.duo.spi.Attempt}: none derives its own.
 */
final class CallTimeouts {

    private CallTimeouts() {
    }

    /**
     * The {@code params.timeout} a feature call's request carries: its {@code total}, or null when
     * the model's {@code timeouts.total} is it.
     */
    static Duration total(SelfHostedModel model, Optional<Duration> prompt, Optional<Duration> modelParams,
                          Optional<Duration> call) {
        if (call.isPresent()) {
            return call.get();
        }
        if (modelParams.isPresent()) {
            return modelParams.get();
        }
        boolean configured = !model.timeouts().total().equals(Timeouts.DEFAULTS.total());
        if (configured) {
            return null;
        }
        return prompt.orElse(null);
    }
}
