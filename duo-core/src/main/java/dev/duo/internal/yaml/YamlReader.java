package dev.duo.internal.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.duo.InvalidConfigException;
import dev.duo.internal.util.IoReasons;
import dev.duo.spi.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Reads YAML files into strict Jackson DTOs: an unknown key or malformed YAML becomes an
 * {@link InvalidConfigException} naming the file, line and column, and for unknown keys the keys
 * that are accepted there.
 */
public final class YamlReader {

    /**
     * The most a file may hold, in code points (SnakeYAML's own default limit, comments included):
     * a configuration file is a few kilobytes, and a larger one is refused before it is parsed.
     */
    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /**
     * The longest line accepted. SnakeYAML's reader slows down on very long lines (a 3 MB comment
     * on one line takes seconds), and no real configuration line comes near this.
     */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    /** Shared, configured once; Jackson mappers are thread-safe after configuration. */
    public static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private YamlReader() {
    }

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_CODE_POINTS + 1024); // our own check comes first, with a better message
        o.setMaxAliasesForCollections(50);
        o.setNestingDepthLimit(50);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    /** Reads a file; a missing file is an error naming it, and every other I/O error names its reason. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            // Bytes are at most 4 per code point: a file larger than that is refused without reading it.
            if (Files.size(file) > 4L * MAX_CODE_POINTS) {
                throw tooLarge(file.toString());
            }
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("The file " + file + " does not exist: check the path");
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read " + file + ": " + IoReasons.of(e), e, dev.duo.ErrorContext.NONE);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), type);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("The file " + file + " does not exist: check the path");
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read " + file + ": " + IoReasons.of(e), e, dev.duo.ErrorContext.NONE);
        }
    }

    /** Reads a stream whose origin is described by {@code source} (for messages). */
    public static <T> T read(InputStream in, String source, Class<T> type) {
        String text;
        try {
            text = boundedText(in, source);
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read " + source + ": " + IoReasons.of(e), e, dev.duo.ErrorContext.NONE);
        }
        return readText(text, source, type);
    }

    /**
     * Reads YAML text: refused when longer than {@link #MAX_CODE_POINTS} or with a line longer than
     * {@link #MAX_LINE_CHARS}; a syntax error keeps SnakeYAML's excerpt and caret on their own lines.
     */
    public static <T> T readText(String text, String source, Class<T> type) {
        if (text.length() > MAX_CODE_POINTS && text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            throw tooLarge(source);
        }
        checkLines(text, source);
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new InvalidConfigException(source + " is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidConfigException(source + where(e.getLocation()) + ": unknown key '"
                    + UntrustedText.sanitize(e.getPropertyName(), 200) + "'" + path(e) + ". Accepted keys there: "
                    + known(e.getKnownPropertyIds()), null, dev.duo.ErrorContext.NONE);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Jackson's own words name internal classes (ArrayList<...ConfigFile$ModelEntry>): say what the key wants.
            throw new InvalidConfigException(source + where(e.getLocation()) + ": " + mismatch(e) + path(e), null,
                    dev.duo.ErrorContext.NONE);
        } catch (JsonProcessingException e) {
            String original = String.valueOf(e.getOriginalMessage());
            if (original.startsWith("Duplicate field '")) {
                String key = original.substring("Duplicate field '".length(), original.lastIndexOf('\''));
                throw new InvalidConfigException(source + where(e.getLocation()) + ": the key '"
                        + UntrustedText.sanitize(key, 200) + "' appears twice in the same mapping" + path(e)
                        + "; the later value would silently win: keep one of them", null, dev.duo.ErrorContext.NONE);
            }
            throw new InvalidConfigException(source + where(e.getLocation()) + ": " + syntax(original) + path(e),
                    null, dev.duo.ErrorContext.NONE);
        }
    }

    /**
     * SnakeYAML's message, which shows the offending line with a caret under the column: its line
     * layout is kept (the caret is only right on its own line), the reader's placeholder name is
     * dropped, control characters are escaped and secrets on the quoted line are masked.
     */
    static String syntax(String original) {
        String text = original.replace(" in 'reader', ", " at ").stripTrailing();
        text = dev.duo.spi.Redactor.PATTERNS_ONLY.redact(text);
        return "YAML syntax error:\n" + UntrustedText.sanitizeKeepingLines(text, 4000);
    }

    private static String boundedText(InputStream in, String source) throws IOException {
        java.io.Reader reader = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        // Chars, not code points, are counted here: twice the limit bounds any text within it.
        while ((n = reader.read(buf)) > 0) {
            sb.append(buf, 0, n);
            if (sb.length() > 2L * MAX_CODE_POINTS) {
                throw tooLarge(source);
            }
        }
        return sb.toString();
    }

    private static void checkLines(String text, String source) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    throw new InvalidConfigException(source + ", line " + line + ": the line is " + (i - start)
                            + " characters long, more than the " + MAX_LINE_CHARS + " a line may have: shorten it"
                            + " (a long comment can be split over several lines)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static InvalidConfigException tooLarge(String source) {
        return new InvalidConfigException(source + " is larger than " + MAX_CODE_POINTS + " characters, the most a"
                + " configuration file may hold: it is not read. Check that it is the right file");
    }

    /** "expected a list, got a mapping" for a value of the wrong shape. */
    static String mismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        Class<?> t = e.getTargetType();
        String expected;
        if (t == null) {
            return e.getOriginalMessage();
        } else if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            expected = "a list (- item lines, or [a, b])";
        } else if (t == Boolean.class || t == boolean.class) {
            expected = "true or false";
        } else if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != char.class)) {
            expected = "a number";
        } else if (t == String.class || t.isEnum()) {
            expected = "text";
        } else {
            expected = "a mapping (key: value lines, or { key: value })";
        }
        String m = String.valueOf(e.getOriginalMessage());
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("from String (\".*?\")").matcher(m);
        String got = quoted.find() ? "the text " + quoted.group(1)
                : m.contains("from Object value") ? "a mapping"
                : m.contains("from Array value") ? "a list"
                : m.contains("from Integer value") || m.contains("from Floating-point value") ? "a number"
                : m.contains("from Boolean value") ? "true/false"
                : null;
        return "expected " + expected + (got == null ? "" : ", got " + got);
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return ", line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    if (sb.length() > 0) sb.append('.');
                    sb.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    sb.append('[').append(ref.getIndex()).append(']');
                }
            }
            return " (at " + sb + ")";
        }
        return "";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "?" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
