package dev.duo.internal.prompt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One directory in the gateway layout: the bundled prompts on the classpath, or a user directory.
 * Paths are relative, with {@code /} separators, as templates write them in {@code include}.
 */
abstract class PromptRoot {

    /** The bundled prompts' classpath folder. */
    static final String BUNDLED_FOLDER = "dev/duo/prompts/";

    /** {@code bundled}, or the user directory. */
    abstract String name();

    /** Every file under the root. */
    abstract List<String> files();

    /** The file's text, or null when there is none. */
    abstract String read(String path) throws IOException;

    /** How messages name the file. */
    abstract String label(String path);

    /** Whether this is the bundled root. */
    boolean bundled() {
        return false;
    }

    /**
     * The bundled prompts. A jar cannot be listed portably (shaded, nested, modular), so the folder
     * carries an {@code INDEX} of its files, which a test keeps in step with the sources.
     */
    static PromptRoot classpath() {
        return new PromptRoot() {
            @Override
            String name() {
                return "bundled";
            }

            @Override
            boolean bundled() {
                return true;
            }

            @Override
            List<String> files() {
                try {
                    String index = read("INDEX");
                    if (index == null) {
                        throw new IllegalStateException("bundled prompt index " + BUNDLED_FOLDER + "INDEX is missing");
                    }
                    // A loop, not a stream with lambdas: the bundled index is read at start-up.
                    List<String> out = new ArrayList<>();
                    java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.StringReader(index));
                    for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                        String name = l.trim();
                        if (!name.isEmpty() && !name.startsWith("#")) {
                            out.add(name);
                        }
                    }
                    return java.util.Collections.unmodifiableList(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            String read(String path) throws IOException {
                // Class.getResourceAsStream reads this module's own resources on the module path too (a class
                // loader sees only packages the module opens).
                try (InputStream in = PromptRoot.class.getResourceAsStream("/" + BUNDLED_FOLDER + path)) {
                    return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }

            @Override
            String label(String path) {
                return "classpath:" + BUNDLED_FOLDER + path;
            }
        };
    }

    /** A user directory in the gateway layout. */
    static PromptRoot directory(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new PromptRoot() {
            @Override
            String name() {
                return root.toString();
            }

            @Override
            List<String> files() {
                if (!Files.isDirectory(root)) {
                    throw new UncheckedIOException(new IOException("prompt directory " + root + " does not exist"));
                }
                List<String> out = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile)
                            .map(p -> root.relativize(p).toString().replace('\\', '/'))
                            .sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out;
            }

            @Override
            String read(String path) throws IOException {
                Path p = root.resolve(path).normalize();
                if (!p.startsWith(root) || !Files.isRegularFile(p)) {
                    return null;
                }
                // After following symlinks the file must still be inside the prompt directory.
                if (!p.toRealPath().startsWith(root.toRealPath())) {
                    throw new IOException(path + " leads outside the prompt directory " + root
                            + " through a symbolic link; prompt files and includes must stay inside it");
                }
                try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    StringBuilder sb = new StringBuilder();
                    char[] buf = new char[8192];
                    for (int n; (n = r.read(buf)) > 0; ) {
                        sb.append(buf, 0, n);
                    }
                    return sb.toString();
                }
            }

            @Override
            String label(String path) {
                return root.resolve(path).toString();
            }
        };
    }
}
