package dev.duo.internal.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file path that holds across threads and processes: a
 * {@link ReentrantLock} per path for the threads of this JVM (a JVM may hold only one
 * {@link FileLock} per file, and overlapping requests throw rather than wait), then an OS lock on
 * a sidecar file for other processes. The sidecar is never deleted: deleting it would let two
 * processes lock two different files of the same name.
 */
public final class FileLocks {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /** A held lock; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Blocks until this thread holds the lock of {@code lockFile}.
     *
     * @throws UncheckedIOException when the lock file cannot be created or locked
     */
    public static Held lock(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock os = channel.lock();
            FileChannel ch = channel;
            return () -> {
                try {
                    os.release();
                    ch.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("releasing the lock " + key, e);
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + key + ": " + dev.duo.internal.util.IoReasons.of(io), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }
}
