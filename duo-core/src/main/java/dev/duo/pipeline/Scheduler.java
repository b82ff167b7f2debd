package dev.duo.pipeline;

/**
 * Moved to {@link dev.duo.call.Scheduler}: this sub-interface keeps implementations written against the old name working; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.Scheduler;
 * import dev.duo.call.Scheduler;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.Scheduler}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface Scheduler extends dev.duo.call.Scheduler {

    /**
     * See {@link dev.duo.call.Scheduler#system()}.
     *
     * @return the system scheduler
     */
    static dev.duo.call.Scheduler system() {
        return dev.duo.call.Scheduler.system();
    }
}
