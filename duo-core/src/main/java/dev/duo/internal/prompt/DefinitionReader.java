package dev.duo.internal.prompt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.duo.ModelParams;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a definition file's YAML into {@link PromptYaml}, turning Jackson's errors into
 * {@code file:line:column: what} messages, and finds where each template starts in the file so
 * template errors can point at the right YAML line.
 */
final class DefinitionReader {

    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML_FACTORY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private DefinitionReader() {
    }

    /** Where a template's text begins in the file, to map template lines to file lines. */
    record Position(int line, int column, boolean block, int indent) {

        int fileLine(int templateLine) {
            return block ? line + templateLine : line + templateLine - 1;
        }

        int fileColumn(int templateLine, int templateColumn) {
            if (templateColumn <= 0) {
                return templateColumn;
            }
            return block ? indent + templateColumn : (templateLine == 1 ? column + templateColumn : templateColumn);
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws TemplateException naming {@code file} and the line of the problem
     */
    static PromptYaml read(String file, String text) {
        PromptYaml y;
        try {
            y = MAPPER.readValue(text, PromptYaml.class);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            int dot = where.lastIndexOf('.');
            where = dot < 0 ? "" : where.substring(0, dot);
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)).toString();
            String reason = "unknown field '" + e.getPropertyName() + "'" + (where.isEmpty() ? "" : " in " + where)
                    + "; known fields: " + known;
            int[] key = keyPosition(text, e.getPropertyName(), e.getLocation() == null ? 0 : e.getLocation().getLineNr());
            if (key != null) {
                throw new TemplateException(file, key[0], key[1], reason);
            }
            throw at(file, e.getLocation(), reason);
        } catch (JsonMappingException e) {
            String where = path(e);
            throw at(file, e.getLocation(), (where.isEmpty() ? "" : where + ": ") + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw at(file, e.getLocation(), "malformed YAML: " + firstLine(e.getOriginalMessage()));
        }
        if (y == null) {
            throw new TemplateException(file, 0, 0, "the file is empty");
        }
        return y;
    }

    /** {@code model.params}, {@code params.stop} and {@code params.timeout} as the call's parameters. */
    static ModelParams params(String file, PromptYaml y) {
        ModelParams.Builder b = ModelParams.builder();
        PromptYaml.ModelParamsYaml mp = y.model() == null ? null : y.model().params();
        if (mp != null) {
            if (mp.temperature() != null) b.temperature(mp.temperature());
            if (mp.maxTokens() != null) b.maxTokens(mp.maxTokens());
            if (mp.topP() != null) b.topP(mp.topP());
        }
        if (y.params() != null) {
            if (y.params().stop() != null) b.stop(y.params().stop());
            if (y.params().timeout() != null) {
                b.timeout(Duration.ofMillis(Math.round(y.params().timeout() * 1000)));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new TemplateException(file, 0, 0, e.getMessage());
        }
    }

    /** Where each {@code prompt_template} entry's text starts, by role. */
    static Map<String, Position> templatePositions(String text) {
        Map<String, Position> out = new HashMap<>();
        String[] lines = text.split("\n", -1);
        try (JsonParser p = YAML_FACTORY.createParser(text)) {
            int depth = 0;
            boolean inTemplates = false;
            String pendingTop = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                    inTemplates = depth == 2 && "prompt_template".equals(pendingTop);
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth < 2) {
                        inTemplates = false;
                    }
                } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    pendingTop = p.currentName();
                } else if (t == JsonToken.VALUE_STRING && inTemplates && depth == 2) {
                    JsonLocation loc = p.currentTokenLocation();
                    out.put(p.currentName(), position(lines, loc.getLineNr(), loc.getColumnNr()));
                }
            }
        } catch (IOException e) {
            // The mapper reports malformed YAML; positions are only a nicety.
        }
        return out;
    }

    private static Position position(String[] lines, int line, int column) {
        String l = line - 1 < lines.length ? lines[line - 1] : "";
        String rest = column - 1 < l.length() ? l.substring(Math.max(0, column - 1)).trim() : "";
        if (rest.startsWith("|") || rest.startsWith(">")) {
            String content = line < lines.length ? lines[line] : "";
            int indent = content.length() - content.stripLeading().length();
            return new Position(line, column, true, indent);
        }
        boolean quoted = rest.startsWith("\"") || rest.startsWith("'");
        return new Position(line, quoted ? column : column - 1, false, 0);
    }

    /**
     * Where the key {@code name} is written, searching up from {@code fromLine}: Jackson reports an
     * unknown property where it stopped reading, which is after the key's value.
     */
    static int[] keyPosition(String text, String name, int fromLine) {
        String[] lines = text.split("\n", -1);
        for (int i = Math.min(fromLine, lines.length) - 1; i >= 0; i--) {
            String stripped = lines[i].stripLeading();
            if (stripped.startsWith(name + ":") || stripped.startsWith("\"" + name + "\":")
                    || stripped.startsWith("'" + name + "':")) {
                return new int[] {i + 1, lines[i].length() - stripped.length() + 1};
            }
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static TemplateException at(String file, JsonLocation loc, String reason) {
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return new TemplateException(file, Math.max(line, 0), Math.max(column, 0), reason);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
