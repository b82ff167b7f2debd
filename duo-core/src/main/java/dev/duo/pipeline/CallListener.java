package dev.duo.pipeline;

/**
 * Moved to {@link dev.duo.call.CallListener}: this sub-interface keeps implementations written against the old name working, including overrides that take the old event type; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.CallListener;
 * import dev.duo.call.CallListener;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.CallListener}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface CallListener extends dev.duo.call.CallListener {

    /**
     * Called with the old event type; override this or the new {@code onRequest}.
     *
     * @param event the event
     */
    default void onRequest(CallEvent event) {
    }

    @Override
    default void onRequest(dev.duo.call.CallEvent event) {
        onRequest((CallEvent) event);
    }

    /**
     * Called with the old event type; override this or the new {@code onFirstToken}.
     *
     * @param event the event
     */
    default void onFirstToken(CallEvent event) {
    }

    @Override
    default void onFirstToken(dev.duo.call.CallEvent event) {
        onFirstToken((CallEvent) event);
    }

    /**
     * Called with the old event type; override this or the new {@code onRetry}.
     *
     * @param event the event
     */
    default void onRetry(CallEvent event) {
    }

    @Override
    default void onRetry(dev.duo.call.CallEvent event) {
        onRetry((CallEvent) event);
    }

    /**
     * Called with the old event type; override this or the new {@code onResponse}.
     *
     * @param event the event
     */
    default void onResponse(CallEvent event) {
    }

    @Override
    default void onResponse(dev.duo.call.CallEvent event) {
        onResponse((CallEvent) event);
    }

    /**
     * Called with the old event type; override this or the new {@code onError}.
     *
     * @param event the event
     */
    default void onError(CallEvent event) {
    }

    @Override
    default void onError(dev.duo.call.CallEvent event) {
        onError((CallEvent) event);
    }
}
