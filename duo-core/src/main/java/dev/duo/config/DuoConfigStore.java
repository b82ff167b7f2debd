package dev.duo.config;

import dev.duo.InvalidConfigException;
import dev.duo.internal.config.AtomicFiles;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.config.FileLocks;
import dev.duo.internal.config.YamlComments;
import dev.duo.internal.yaml.YamlReader;
import java.io.ByteArrayInputStream;
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
public final class DuoConfigStore implements SettingsStore {

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

    /** Where the previous version is kept: {@code duo.yml.bak} beside the file. */
    public Path backupFile() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** The lock file beside the configuration: {@code duo.yml.lock}. */
    public Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
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
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // A typo in --config should not leave stray directories behind.
            throw new InvalidConfigException("Cannot write " + file + ": the directory " + dir
                    + " does not exist. Create it first, or name another file");
        }
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

    private void write(DuoConfig config) {
        Path base = file.toAbsolutePath().getParent();
        try {
            byte[] yaml = YamlReader.MAPPER.writeValueAsBytes(ConfigMapper.toFile(config, base));
            AtomicFiles.write(file, yaml, backupFile(), beforeRename);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage()
                    + " (the previous version is unchanged)", e);
        }
    }

    private Loaded load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(whenAbsent.get(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            return new Loaded(DuoConfig.builder().source(file.toString()).build(), text);
        }
        try {
            ConfigFile parsed = YamlReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    file.toString(), ConfigFile.class);
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
