package dev.duo.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moved to {@link dev.duo.admin.DuoConfigStore}, which implements this interface so that code
 * holding a store through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * try (var store = dev.duo.admin.DuoConfigStore.open(null, System.getenv(), Path.of("."))) {
 *     store.read();
 * }
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.DuoConfigStore}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface DuoConfigStore extends SettingsStore {

    /**
     * See {@link dev.duo.admin.DuoConfigStore#open(Path, Map, Path)}.
     *
     * @param explicitFile the file named on the command line, or null
     * @param environment the environment variables
     * @param workingDir the directory {@code ./duo.yml} is looked for in
     * @return the store
     */
    static dev.duo.admin.DuoConfigStore open(Path explicitFile, Map<String, String> environment, Path workingDir) {
        return dev.duo.admin.DuoConfigStore.open(explicitFile, environment, workingDir);
    }

    /**
     * See {@link dev.duo.admin.DuoConfigStore#of(Path)}.
     *
     * @param file the duo.yml file
     * @return the store
     */
    static dev.duo.admin.DuoConfigStore of(Path file) {
        return dev.duo.admin.DuoConfigStore.of(file);
    }

    /**
     * @param sink where notices go
     * @return this store with notices sent to the sink
     */
    dev.duo.admin.DuoConfigStore withNotices(Consumer<String> sink);

    /** @return the file written */
    Path file();

    /** @return the backup file */
    Path backupFile();

    /** @return the lock file */
    Path lockFile();
}
