package dev.duo.internal.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches configuration files and prompt folders on one daemon thread and runs a callback when
 * what they hold changes.
 *
 * <p>Events only say "look again": the watcher compares a fingerprint of everything it watches
 * (file contents, the real paths symlinks lead to, the prompt files' sizes and times) and calls
 * back only when it differs. That one rule covers an in-place write, an editor's write-temporary-
 * and-rename, and Kubernetes' ConfigMap update (a {@code ..data} symlink renamed over, so the
 * file's own directory sees no event for the file at all: the parent's rename is the signal). The
 * directories are watched both as named and where symlinks resolve to, and re-registered after
 * every change. A slow periodic check catches what events miss (a folder replaced wholesale).
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    /** Events come in bursts (truncate, write, close; several renames): wait for this much quiet. */
    private static final long QUIET_MILLIS = 50;
    private static final long MAX_SETTLE_MILLIS = 400;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ENTRIES = 20_000;
    private static final long MAX_HASHED_BYTES = 8L << 20;

    private final List<Path> files;
    private final List<Path> directories;
    private final java.util.function.Consumer<Boolean> onChange;
    private final Duration recheck;
    private final WatchService service;
    private final Thread thread;
    private final Set<WatchKey> keys = new HashSet<>();
    private volatile boolean closed;
    private String filesPrint;
    private String directoriesPrint;

    /**
     * Starts watching.
     *
     * @param files files whose content counts (duo.yml, feature metadata files)
     * @param directories folders whose every file counts (prompt directories), recursively
     * @param onChange run on the watcher thread after a change settles, told whether a watched
     *     directory changed (not only the files); exceptions are logged
     * @param recheck how often to compare fingerprints without any event
     * @param name the thread's name
     */
    public ConfigWatcher(List<Path> files, List<Path> directories, java.util.function.Consumer<Boolean> onChange,
                         Duration recheck, String name) {
        this.files = List.copyOf(files);
        this.directories = List.copyOf(directories);
        this.onChange = onChange;
        this.recheck = recheck;
        try {
            this.service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the configuration: " + e.getMessage(), e);
        }
        this.filesPrint = filesFingerprint();
        this.directoriesPrint = directoriesFingerprint();
        register();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!closed) {
                WatchKey key = service.poll(recheck.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                if (key != null) {
                    drain(key);
                    settle();
                }
                if (closed) {
                    return;
                }
                String files = filesFingerprint();
                String dirs = directoriesFingerprint();
                if (!files.equals(filesPrint) || !dirs.equals(directoriesPrint)) {
                    boolean directoriesChanged = !dirs.equals(directoriesPrint);
                    filesPrint = files;
                    directoriesPrint = dirs;
                    register();
                    try {
                        onChange.accept(directoriesChanged);
                    } catch (RuntimeException e) {
                        LOG.warn("applying a configuration change failed: {}", e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Waits until no event has come for a short while, so a burst is read once. */
    private void settle() throws InterruptedException {
        long end = System.nanoTime() + MAX_SETTLE_MILLIS * 1_000_000;
        while (System.nanoTime() < end) {
            WatchKey more = service.poll(QUIET_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (more == null) {
                return;
            }
            drain(more);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** (Re-)registers every directory, as named and as resolved, so symlink swaps are seen. */
    private synchronized void register() {
        keys.forEach(WatchKey::cancel);
        keys.clear();
        Set<Path> dirs = new HashSet<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath();
            add(dirs, abs.getParent());
            try {
                add(dirs, abs.toRealPath().getParent());
            } catch (IOException e) {
                // absent now; the parent's events will tell when it appears
            }
        }
        for (Path d : directories) {
            Path abs = d.toAbsolutePath();
            add(dirs, abs.getParent());
            walkDirectories(abs, dirs);
        }
        for (Path d : dirs) {
            try {
                keys.add(d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.OVERFLOW));
            } catch (IOException | ClosedWatchServiceException e) {
                // a directory that vanished in between: the next change registers again
            }
        }
    }

    private static void add(Set<Path> dirs, Path dir) {
        if (dir != null && Files.isDirectory(dir)) {
            dirs.add(dir);
        }
    }

    private static void walkDirectories(Path root, Set<Path> dirs) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            s.limit(MAX_ENTRIES).filter(Files::isDirectory).forEach(p -> {
                dirs.add(p);
                try {
                    dirs.add(p.toRealPath());
                } catch (IOException e) {
                    // gone
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // partly unreadable: what could be read is watched
        }
    }

    /** A digest of the files watched: their contents and the real paths symlinks lead to. */
    private String filesFingerprint() {
        MessageDigest md = sha256();
        for (Path f : files) {
            md.update(("F" + f + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            hashFile(md, f);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** A digest of the folders watched: every entry's name, real path, size and time. */
    private String directoriesFingerprint() {
        MessageDigest md = sha256();
        for (Path d : directories) {
            md.update(("D" + d + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            hashTree(md, d);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hashFile(MessageDigest md, Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0 && total < MAX_HASHED_BYTES) {
                md.update(buf, 0, n);
                total += n;
            }
            md.update(f.toRealPath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            md.update((byte) 0);
        }
    }

    private static void hashTree(MessageDigest md, Path root) {
        if (!Files.isDirectory(root)) {
            md.update((byte) 1);
            return;
        }
        List<String> entries = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            s.limit(MAX_ENTRIES).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    Path real = Files.isSymbolicLink(p) ? p.toRealPath() : p;
                    entries.add(root.relativize(p) + "|" + real + "|" + a.size() + "|" + a.lastModifiedTime().toMillis()
                            + "|" + a.lastModifiedTime().toInstant().getNano() + "|"
                            + Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
                } catch (IOException e) {
                    entries.add(String.valueOf(p));
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            md.update((byte) 2);
        }
        java.util.Collections.sort(entries);
        entries.forEach(e -> md.update(e.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Whether the watcher thread is running. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Stops the thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.interrupt();
    }
}
