package dev.duo.admin;

import dev.duo.config.DuoConfig;
import dev.duo.InvalidConfigException;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads {@code duo.yml}, then applies the environment variables the AI gateway reads.
 *
 * <p>The file is {@code explicitFile} (the CLI's {@code --config}) if given, else the one
 * {@code DUO_CONFIG} names, else {@code ./duo.yml}, else {@code duo.yml} on the classpath (read-only),
 * else none. Then {@code AIGW_CUSTOM_MODELS__ENABLED}, {@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}
 * and {@code AIGW_LOGGING__ENABLE_LITELLM_LOGGING} override the file.
 *
 * <pre>{@code
 * DuoConfig c = DuoConfigLoader.load(null, System.getenv(), Path.of(""));
 * }</pre>
 */
public final class DuoConfigLoader {

    /** Names the configuration file. */
    public static final String DUO_CONFIG = "DUO_CONFIG";
    /** Custom (self-hosted) endpoints allowed; false limits calls to public endpoints and the allowlist. */
    public static final String CUSTOM_MODELS_ENABLED = "AIGW_CUSTOM_MODELS__ENABLED";
    /** Log request and response bodies. */
    public static final String REQUEST_LOGGING = "AIGW_LOGGING__ENABLE_REQUEST_LOGGING";
    /** Log provider wire traffic. */
    public static final String WIRE_LOGGING = "AIGW_LOGGING__ENABLE_LITELLM_LOGGING";
    /** The file name looked for in the working directory and on the classpath. */
    public static final String FILE_NAME = "duo.yml";

    private DuoConfigLoader() {
    }

    /**
     * Loads the layered configuration.
     *
     * @param explicitFile the file to read, or null to search
     * @param environment the environment variables
     * @param workingDir the directory {@code ./duo.yml} is looked for in
     * @throws InvalidConfigException for a missing named file, malformed YAML or an unknown key
     *     (file and line), or a bad environment value (naming the variable)
     */
    public static DuoConfig load(Path explicitFile, Map<String, String> environment, Path workingDir) {
        DuoConfig.Builder b = DuoConfig.builder();
        Optional<Path> file = locate(explicitFile, environment, workingDir);
        if (file.isPresent()) {
            Path p = file.get();
            ConfigFile parsed = YamlReader.read(p, ConfigFile.class);
            Path base = p.toAbsolutePath().getParent();
            ConfigMapper.apply(parsed, p.toString(), base, b);
        } else {
            readClasspath(b, workingDir);
        }
        return applyEnvironment(b, environment).build();
    }

    /**
     * The file that {@link #load} would read and that writes go to: {@code explicitFile}, else
     * {@code DUO_CONFIG}, else {@code ./duo.yml} if it exists.
     *
     * @throws InvalidConfigException when an explicitly named file does not exist
     */
    public static Optional<Path> locate(Path explicitFile, Map<String, String> environment, Path workingDir) {
        if (explicitFile != null) {
            if (!Files.isRegularFile(explicitFile)) {
                throw new InvalidConfigException("The configuration file " + explicitFile + " (--config) "
                        + notAFile(explicitFile) + ": check the path, or create it with 'duo models seed'");
            }
            return Optional.of(explicitFile);
        }
        String named = environment.get(DUO_CONFIG);
        if (named != null && !named.isBlank()) {
            Path p;
            try {
                p = Path.of(named);
            } catch (java.nio.file.InvalidPathException e) {
                throw new InvalidConfigException("DUO_CONFIG is not a usable path (" + e.getReason()
                        + "): fix the variable or unset it to use ./duo.yml");
            }
            if (!Files.isRegularFile(p)) {
                throw new InvalidConfigException("DUO_CONFIG names " + named + ", which " + notAFile(p) + ": "
                        + "fix the variable or unset it to use ./duo.yml");
            }
            return Optional.of(p);
        }
        Path local = workingDir.resolve(FILE_NAME);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /** Why a path that should name the configuration file does not. */
    private static String notAFile(Path p) {
        return Files.isDirectory(p) ? "is a directory, not a file" : "does not exist";
    }

    private static void readClasspath(DuoConfig.Builder b, Path workingDir) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        URL url = (cl == null ? DuoConfigLoader.class.getClassLoader() : cl).getResource(FILE_NAME);
        if (url == null) {
            return;
        }
        try (InputStream in = url.openStream()) {
            ConfigFile parsed = YamlReader.read(in, "classpath:" + FILE_NAME, ConfigFile.class);
            ConfigMapper.apply(parsed, "classpath:" + FILE_NAME, workingDir.toAbsolutePath(), b);
        } catch (IOException e) {
            throw new UncheckedIOException("reading classpath:" + FILE_NAME, e);
        }
    }

    /** Applies the gateway's environment variables on top of the builder. */
    static DuoConfig.Builder applyEnvironment(DuoConfig.Builder b, Map<String, String> env) {
        flag(env, CUSTOM_MODELS_ENABLED).ifPresent(b::customModelsEnabled);
        flag(env, REQUEST_LOGGING).ifPresent(b::requestLogging);
        flag(env, WIRE_LOGGING).ifPresent(b::wireLogging);
        return b;
    }

    private static Optional<Boolean> flag(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Optional.of(true);
            case "false", "0", "no", "off" -> Optional.of(false);
            default -> throw new InvalidConfigException("The environment variable " + name + " is '" + v
                    + "': set it to true or false");
        };
    }
}
