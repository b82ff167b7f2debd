package dev.duo.eval.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The judge's feature metadata and its prompt, shipped in this jar. Metadata and prompt
 * directories are read from files, so both are copied once per JVM to a temporary directory
 * (removed on exit): the prompt as {@code eval/judge/base/1.0.0.yml} of a prompt directory that
 * the judge's configuration lists before the user's own, so a user directory can override it.
 */
public final class JudgeFeature {

    /** The judge feature's key. */
    public static final String KEY = "eval_judge";
    /** The judge prompt's id. */
    public static final String PROMPT_ID = "eval/judge";
    private static final String RESOURCES = "/dev/duo/eval/";
    private static final String METADATA = "judge_feature.yml";
    /** Every prompt file of the judge, relative to the prompt directory (a jar cannot be listed). */
    private static final List<String> PROMPTS = List.of("eval/judge/base/1.0.0.yml");
    private static volatile Path root;

    private JudgeFeature() {
    }

    /** The metadata file declaring the judge feature. */
    public static Path metadataFile() {
        return root().resolve(METADATA);
    }

    /** The prompt directory holding the judge's prompt. */
    public static Path promptDirectory() {
        return root().resolve("prompts");
    }

    private static Path root() {
        Path r = root;
        if (r == null) {
            synchronized (JudgeFeature.class) {
                r = root;
                if (r == null) {
                    r = extract();
                    root = r;
                }
            }
        }
        return r;
    }

    private static Path extract() {
        try {
            Path dir = Files.createTempDirectory("duo-eval-judge");
            List<Path> written = new java.util.ArrayList<>();
            copy(METADATA, dir.resolve(METADATA), written);
            for (String p : PROMPTS) {
                copy("prompts/" + p, dir.resolve("prompts").resolve(p), written);
            }
            // deleteOnExit runs in reverse order of registration: files first, then their folders.
            dir.toFile().deleteOnExit();
            for (Path w : written) {
                for (Path x = w; x != null && x.startsWith(dir) && !x.equals(dir); x = x.getParent()) {
                    x.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the judge's feature metadata and prompt to a temporary directory", e);
        }
    }

    private static void copy(String resource, Path to, List<Path> written) throws IOException {
        try (InputStream in = JudgeFeature.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + resource + " is missing from duo-eval's jar");
            }
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            written.add(to);
        }
    }

    /** The case's inputs as the judge reads them: a lone input as it is, several as named blocks. */
    public static String describeInputs(Map<String, Object> inputs) {
        if (inputs.size() == 1) {
            return text(inputs.values().iterator().next());
        }
        return inputs.entrySet().stream().map(e -> e.getKey() + ":\n" + text(e.getValue()))
                .collect(Collectors.joining("\n\n"));
    }

    static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(JudgeFeature::text).collect(Collectors.joining("\n"));
        }
        if (value instanceof Map<?, ?> m && m.containsKey("role") && m.containsKey("content")) {
            return m.get("role") + ": " + m.get("content");
        }
        if (value instanceof dev.duo.Message msg) {
            return msg.role().name().toLowerCase(java.util.Locale.ROOT) + ": " + msg.content();
        }
        return String.valueOf(value);
    }
}
