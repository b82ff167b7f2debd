package dev.duo.internal.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that a reader (or a crash) sees either the whole old version or the whole new
 * one, never a mix: the new bytes go to a temporary file in the same directory (a rename across
 * file systems is not atomic), are forced to disk, and then renamed over the target.
 */
public final class AtomicFiles {

    /** Runs between the write of the temporary file and the rename: a seam for crash tests. */
    @FunctionalInterface
    public interface BeforeRename {
        /** Called with the finished temporary file. */
        void run(Path temp) throws IOException;
    }

    /** No pause before the rename. */
    public static final BeforeRename NOTHING = temp -> { };

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, keeping the target's permissions when it exists.
     *
     * @param backup where the previous version is copied first (atomically too), or null
     * @throws IOException when any step fails; the target is then untouched and the temp file removed
     */
    public static void write(Path target, byte[] content, Path backup, BeforeRename hook) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = writeTemp(dir, target.getFileName().toString(), content, target);
        boolean done = false;
        try {
            if (backup != null && Files.isRegularFile(target)) {
                Path bakTemp = writeTemp(dir, backup.getFileName().toString(), Files.readAllBytes(target), target);
                move(bakTemp, backup);
            }
            hook.run(temp);
            move(temp, target);
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static Path writeTemp(Path dir, String name, byte[] content, Path permissionsOf) throws IOException {
        Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            copyPermissions(permissionsOf, temp);
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; say so rather than write non-atomically.
            throw new IOException("the file system of " + to + " cannot rename atomically, so duo.yml is not "
                    + "written there: keep duo.yml on a local disk", e);
        }
    }

    /** A new temp file is private (0600); a replaced file keeps the mode its owner gave it. */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            return;
        }
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null) {
            Set<PosixFilePermission> perms = src.readAttributes().permissions();
            dst.setPermissions(perms);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort: the rename is atomic either way, only its durability across power loss is at stake
        }
    }
}
