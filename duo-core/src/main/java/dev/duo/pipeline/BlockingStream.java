package dev.duo.pipeline;

import dev.duo.Completion;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Moved to {@link dev.duo.BlockingStream}, which implements this interface so that code reading it through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.BlockingStream;
 * import dev.duo.BlockingStream;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.BlockingStream}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface BlockingStream extends Iterator<String>, AutoCloseable {

    /**
     * See {@link dev.duo.BlockingStream#start(Function)}.
     *
     * @param starter starts the stream with the listener given
     * @return the blocking view
     */
    static dev.duo.BlockingStream start(Function<StreamListener, StreamHandle> starter) {
        return dev.duo.BlockingStream.start(starter);
    }

    /** @return the completion, once the stream has ended */
    Completion completion();

    /** @return the remaining chunks as a stream */
    Stream<String> stream();

    /** Cancels the stream if it has not ended. */
    @Override
    void close();
}
