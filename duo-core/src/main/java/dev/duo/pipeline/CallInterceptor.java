package dev.duo.pipeline;

/**
 * Moved to {@link dev.duo.call.CallInterceptor}: this sub-interface keeps implementations written against the old name working; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.CallInterceptor;
 * import dev.duo.call.CallInterceptor;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.CallInterceptor}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
@FunctionalInterface
public interface CallInterceptor extends dev.duo.call.CallInterceptor {
}
