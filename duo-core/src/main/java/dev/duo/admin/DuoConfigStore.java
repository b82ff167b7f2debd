package dev.duo.admin;

import dev.duo.config.DuoConfig;
import dev.duo.config.SettingsStore;
import dev.duo.InvalidConfigException;
import dev.duo.internal.config.AtomicFiles;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.config.FileLocks;
import dev.duo.internal.config.YamlComments;
import dev.duo.internal.util.IoReasons;
import dev.duo.internal.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes one {@code duo.yml} safely: every change is a read-modify-write under an
 * exclusive lock (a {@code duo.yml.lock} sidecar, held across the whole cycle, so two processes
 * changing the file at once never lose an update), and every write replaces the file atomically
 * (temporary file in the same directory, then a rename), keeping the previous version in
 * {@code duo.yml.bak}. Keys are written in a fixed order; models and features keep the file's order.
 *
 * <p>What the store reads and writes is the file alone: environment variables are a layer on top
 * ({@link DuoConfigLoader}) and are never written back. A file that cannot be read is reported, never
 * overwritten. Comments do not survive a write; before the first write to a file that has them the
 * store says so to its notice sink (default: a warning in the log).
 *
 * <pre>{@code
 * DuoConfigStore store = DuoConfigStore.open(null, System.getenv(), Path.of(""));
 * store.update(c -> c.toBuilder().betaModelsEnabled(true).build());
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class DuoConfigStore implements SettingsStore, dev.duo.config.DuoConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(DuoConfigStore.class);

    private final Path file;
    private final Supplier<DuoConfig> whenAbsent;
    private final Consumer<String> notices;
    private final AtomicFiles.BeforeRename beforeRename;

    private DuoConfigStore(Path file, Supplier<DuoConfig> whenAbsent, Consumer<String> notices,
                           AtomicFiles.BeforeRename beforeRename) {
        this.file = file;
        this.whenAbsent = whenAbsent;
        this.notices = notices;
        this.beforeRename = beforeRename;
    }

    /**
     * The store for the file the configuration is read from: {@code explicitFile} (the CLI's
     * {@code --config}, created by the first write if it does not exist), else the one
     * {@code DUO_CONFIG} names, else {@code workingDir/duo.yml}. When that last one does not exist
     * yet, the classpath {@code duo.yml} (read-only) is the starting point and the first write
     * creates {@code workingDir/duo.yml}.
     *
     * @param explicitFile the file named on the command line, or null; relative to {@code workingDir}
     */
    public static DuoConfigStore open(Path explicitFile, Map<String, String> environment, Path workingDir) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(workingDir, "workingDir");
        if (explicitFile != null) {
            return of(workingDir.resolve(explicitFile));
        }
        String named = environment.get(DuoConfigLoader.DUO_CONFIG);
        if (named != null && !named.isBlank()) {
            return of(workingDir.resolve(named));
        }
        Path local = workingDir.resolve(DuoConfigLoader.FILE_NAME);
        // No environment: only the classpath file may be read here, never an env layer to write back.
        return new DuoConfigStore(local, () -> DuoConfigLoader.load(null, Map.of(), workingDir),
                DuoConfigStore::logNotice, AtomicFiles.NOTHING);
    }

    /** The store of exactly this file; a missing file reads as the empty configuration. */
    public static DuoConfigStore of(Path file) {
        return new DuoConfigStore(Objects.requireNonNull(file, "file"), DuoConfig::empty,
                DuoConfigStore::logNotice, AtomicFiles.NOTHING);
    }

    /** This store, telling {@code sink} what a user should know (such as comments being dropped). */
    public DuoConfigStore withNotices(Consumer<String> sink) {
        return new DuoConfigStore(file, whenAbsent, Objects.requireNonNull(sink, "sink"), beforeRename);
    }

    /** For tests: runs {@code hook} after the new version is written and before it replaces the file. */
    DuoConfigStore withBeforeRename(AtomicFiles.BeforeRename hook) {
        return new DuoConfigStore(file, whenAbsent, notices, hook);
    }

    /** The file writes go to. */
    public Path file() {
        return file;
    }

    /** Where the previous version is kept: {@code duo.yml.bak} beside the file (beside a symbolic link's target). */
    public Path backupFile() {
        Path t = target();
        return t.resolveSibling(t.getFileName() + ".bak");
    }

    /** The lock file beside the configuration: {@code duo.yml.lock} (beside a symbolic link's target). */
    public Path lockFile() {
        Path t = target();
        return t.resolveSibling(t.getFileName() + ".lock");
    }

    /**
     * The file a write replaces: {@link #file()}, or, when that is a symbolic link, the file it
     * points to (followed link by link, so a dangling link names the file to create). Replacing
     * the link itself would turn it into a regular file and leave its target stale.
     */
    Path target() {
        Path p = file.toAbsolutePath();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot follow the symbolic link " + p + ": " + IoReasons.of(e), e);
            }
        }
        if (Files.isSymbolicLink(p)) {
            throw new InvalidConfigException("Cannot write " + file + ": its symbolic links form a cycle or a chain"
                    + " of more than 40 links; point the link at a regular file");
        }
        return p;
    }

    /** The file, as text. */
    @Override
    public String location() {
        return file.toString();
    }

    /** Nothing to release: every read and write opens and closes the file. */
    @Override
    public void close() {
    }

    /**
     * What the file says now (no environment layer).
     *
     * @throws InvalidConfigException when the file cannot be read as configuration
     */
    @Override
    public DuoConfig read() {
        return load().config;
    }

    /**
     * Re-reads the file under the lock, applies {@code change} and writes the result atomically,
     * keeping the old version in {@code duo.yml.bak}. When {@code change} returns the very instance
     * it was given, nothing is written.
     *
     * @param change turns the current configuration into the next; runs once, under the lock
     * @return the configuration now in the file
     * @throws InvalidConfigException when the current file is corrupt (it is left as it is)
     * @throws UncheckedIOException when the file cannot be written (the old one stays whole)
     */
    @Override
    public DuoConfig update(UnaryOperator<DuoConfig> change) {
        Objects.requireNonNull(change, "change");
        Path target = target();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            // A typo in --config should not leave stray directories behind.
            throw new InvalidConfigException("Cannot write " + file + ": the directory " + dir
                    + " does not exist. Create it first, or name another file");
        }
        refuseReadOnly(target, dir);
        try (FileLocks.Held ignored = FileLocks.lock(lockFile())) {
            Loaded current = load();
            DuoConfig next = Objects.requireNonNull(change.apply(current.config), "the change returned null");
            if (next == current.config) {
                return next;
            }
            if (current.text != null && YamlComments.present(current.text)) {
                notices.accept(file + " has comments, which do not survive a write (the previous version, "
                        + "comments included, is kept in " + backupFile().getFileName() + ")");
            }
            write(next);
            return next;
        }
    }

    /**
     * A file (or directory) its owner made read-only is a decision to respect, not to override:
     * checked by mode, since a process running as root may write anyway.
     */
    private void refuseReadOnly(Path target, Path dir) {
        if (Files.exists(target) && !writableByMode(target)) {
            throw new InvalidConfigException("Cannot write " + file + ": " + (target.equals(file.toAbsolutePath())
                    ? "the file" : "its target " + target) + " is read-only (" + mode(target) + "). Make it writable"
                    + " (chmod u+w " + target + ") if the change is meant, or name another file with --config");
        }
        if (!writableByMode(dir)) {
            throw new InvalidConfigException("Cannot write " + file + ": the directory " + dir + " is not writable ("
                    + mode(dir) + "), and the file is replaced through a new file beside it. Make the directory"
                    + " writable, or name a file elsewhere with --config");
        }
    }

    private static boolean writableByMode(Path p) {
        try {
            java.nio.file.attribute.PosixFileAttributeView view =
                    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class);
            if (view != null && !view.readAttributes().permissions()
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)) {
                return false;
            }
        } catch (IOException e) {
            return Files.isWritable(p);
        }
        return Files.isWritable(p);
    }

    private static String mode(Path p) {
        try {
            return "mode " + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException | UnsupportedOperationException e) {
            return "not writable";
        }
    }

    private void write(DuoConfig config) {
        Path target = target();
        Path base = file.toAbsolutePath().getParent();
        try {
            byte[] yaml = YamlReader.MAPPER.writeValueAsBytes(ConfigMapper.toFile(config, base));
            AtomicFiles.write(target, yaml, backupFile(), beforeRename);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + IoReasons.of(e)
                    + " (the previous version is unchanged)", e);
        }
    }

    private Loaded load() {
        String text;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 4L * YamlReader.MAX_CODE_POINTS) {
                throw new InvalidConfigException(file + " is larger than " + YamlReader.MAX_CODE_POINTS
                        + " characters, the most a configuration file may hold: it is not read. Check that it is the right file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(whenAbsent.get(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + IoReasons.of(e), e);
        }
        if (text.isBlank()) {
            return new Loaded(DuoConfig.builder().source(file.toString()).build(), text);
        }
        try {
            ConfigFile parsed = YamlReader.readText(text, file.toString(), ConfigFile.class);
            DuoConfig.Builder b = ConfigMapper.apply(parsed, file.toString(), file.toAbsolutePath().getParent(),
                    DuoConfig.builder());
            return new Loaded(b.build(), text);
        } catch (InvalidConfigException | IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage() + ". The file was left as it is and nothing was written: "
                    + "fix it, or restore the previous version from " + backupFile().getFileName() + " if there is one",
                    e, dev.duo.ErrorContext.NONE);
        }
    }

    private static void logNotice(String message) {
        LOG.warn(message);
    }

    @Override
    public String toString() {
        return "DuoConfigStore{" + file + "}";
    }

    /** The configuration and the text it was read from (null when the file does not exist). */
    private record Loaded(DuoConfig config, String text) {
    }
}
