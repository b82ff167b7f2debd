package dev.duo.testkit.internal.eval;

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
 * The judge's feature metadata. Feature metadata is read from files, so the bundled one is copied
 * once per JVM to a temporary file (removed on exit).
 */
public final class JudgeFeature {

    /** The judge feature's key. */
    public static final String KEY = "eval_judge";
    private static final String RESOURCE = "/dev/duo/testkit/eval/judge_feature.yml";
    private static volatile Path file;

    private JudgeFeature() {
    }

    /** The metadata file declaring the judge feature. */
    public static Path metadataFile() {
        Path f = file;
        if (f == null) {
            synchronized (JudgeFeature.class) {
                f = file;
                if (f == null) {
                    f = extract();
                    file = f;
                }
            }
        }
        return f;
    }

    private static Path extract() {
        try (InputStream in = JudgeFeature.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from duo-testkit's jar");
            }
            Path f = Files.createTempFile("duo-eval-judge-feature", ".yml");
            f.toFile().deleteOnExit();
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the judge's feature metadata to a temporary file", e);
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
