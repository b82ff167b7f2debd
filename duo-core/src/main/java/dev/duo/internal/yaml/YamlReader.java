package dev.duo.internal.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.duo.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** Shared, configured once; Jackson mappers are thread-safe after configuration. */
    public static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private YamlReader() {
    }

    /** Reads a file; a missing file is an error naming it. */
    public static <T> T read(Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), type);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("The file " + file + " does not exist: check the path");
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read " + file + ": " + e.getMessage(), e, dev.duo.ErrorContext.NONE);
        }
    }

    /** Reads a stream whose origin is described by {@code source} (for messages). */
    public static <T> T read(InputStream in, String source, Class<T> type) {
        try {
            T value = MAPPER.readValue(in, type);
            if (value == null) {
                throw new InvalidConfigException(source + " is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidConfigException(source + where(e.getLocation()) + ": unknown key '" + e.getPropertyName()
                    + "'" + path(e) + ". Accepted keys there: " + known(e.getKnownPropertyIds()), null,
                    dev.duo.ErrorContext.NONE);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Jackson's own words name internal classes (ArrayList<...ConfigFile$ModelEntry>): say what the key wants.
            throw new InvalidConfigException(source + where(e.getLocation()) + ": " + mismatch(e) + path(e), null,
                    dev.duo.ErrorContext.NONE);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(source + where(e.getLocation()) + ": " + e.getOriginalMessage() + path(e),
                    null, dev.duo.ErrorContext.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
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
