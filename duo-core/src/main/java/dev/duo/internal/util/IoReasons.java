package dev.duo.internal.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.FileSystemLoopException;

/**
 * Says why a file operation failed in words a user can act on. Java's file exceptions often carry
 * only a path as their message ({@code AccessDeniedException: /etc/duo/.duo.yml.123.tmp}), which
 * reads as no reason at all.
 *
 * <pre>{@code
 * throw new UncheckedIOException("Cannot write " + file + ": " + IoReasons.of(e), e);
 * }</pre>
 */
public final class IoReasons {

    private IoReasons() {
    }

    /** The reason, naming the file involved: "permission denied on /etc/duo (check its owner and mode)". */
    public static String of(IOException e) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? " " + fs.getFile() : "";
        String other = e instanceof FileSystemException fs && fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "";
        if (e instanceof AccessDeniedException) {
            return "permission denied on" + file + other + " (check the owner and mode of the file and its directory)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory:" + file + other;
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory:" + file;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a directory is in the way:" + file;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists:" + file;
        }
        if (e instanceof FileSystemLoopException) {
            return "a cycle of symbolic links at" + file;
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (file.isEmpty() ? "" : " (" + file.strip() + other + ")");
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
