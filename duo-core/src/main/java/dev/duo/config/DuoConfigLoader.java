package dev.duo.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Moved to {@link dev.duo.admin.DuoConfigLoader}; this alias delegates to it and goes in the next
 * release.
 *
 * <pre>{@code
 * DuoConfig c = dev.duo.admin.DuoConfigLoader.load(null, System.getenv(), Path.of("."));
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.DuoConfigLoader}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public final class DuoConfigLoader {

    /** See {@link dev.duo.admin.DuoConfigLoader#DUO_CONFIG}. */
    public static final String DUO_CONFIG = dev.duo.admin.DuoConfigLoader.DUO_CONFIG;
    /** See {@link dev.duo.admin.DuoConfigLoader#CUSTOM_MODELS_ENABLED}. */
    public static final String CUSTOM_MODELS_ENABLED = dev.duo.admin.DuoConfigLoader.CUSTOM_MODELS_ENABLED;
    /** See {@link dev.duo.admin.DuoConfigLoader#REQUEST_LOGGING}. */
    public static final String REQUEST_LOGGING = dev.duo.admin.DuoConfigLoader.REQUEST_LOGGING;
    /** See {@link dev.duo.admin.DuoConfigLoader#WIRE_LOGGING}. */
    public static final String WIRE_LOGGING = dev.duo.admin.DuoConfigLoader.WIRE_LOGGING;
    /** See {@link dev.duo.admin.DuoConfigLoader#FILE_NAME}. */
    public static final String FILE_NAME = dev.duo.admin.DuoConfigLoader.FILE_NAME;

    private DuoConfigLoader() {
    }

    /**
     * See {@link dev.duo.admin.DuoConfigLoader#load(Path, Map, Path)}.
     *
     * @param explicitFile the file named on the command line, or null
     * @param environment the environment variables
     * @param workingDir the directory {@code ./duo.yml} is looked for in
     * @return the layered configuration
     */
    public static DuoConfig load(Path explicitFile, Map<String, String> environment, Path workingDir) {
        return dev.duo.admin.DuoConfigLoader.load(explicitFile, environment, workingDir);
    }

    /**
     * See {@link dev.duo.admin.DuoConfigLoader#locate(Path, Map, Path)}.
     *
     * @param explicitFile the file named on the command line, or null
     * @param environment the environment variables
     * @param workingDir the directory {@code ./duo.yml} is looked for in
     * @return the file found, if any
     */
    public static Optional<Path> locate(Path explicitFile, Map<String, String> environment, Path workingDir) {
        return dev.duo.admin.DuoConfigLoader.locate(explicitFile, environment, workingDir);
    }
}
