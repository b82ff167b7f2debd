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
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a definition file's YAML into {@link PromptYaml} through Jackson's strict data binding,
 * turning Jackson's errors into {@code file:line:column: what} messages. {@link DefinitionReader}
 * uses it only for the files {@link PromptYamlBinder} declines (broken or unusual ones), so that
 * Jackson's classes load only then, and a broken file's message is the one it always was; tests use
 * it as the reference the binder must agree with.
 */
final class JacksonDefinitionReader {

    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML_FACTORY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JacksonDefinitionReader() {
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
            int[] key = DefinitionReader.keyPosition(text, e.getPropertyName(), e.getLocation() == null ? 0 : e.getLocation().getLineNr());
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

    /** Where each {@code prompt_template} entry's text starts, by role. */
    static Map<String, DefinitionReader.Position> templatePositions(String text) {
        Map<String, DefinitionReader.Position> out = new HashMap<>();
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
                    out.put(p.currentName(), DefinitionReader.position(lines, loc.getLineNr(), loc.getColumnNr()));
                }
            }
        } catch (IOException e) {
            // The mapper reports malformed YAML; positions are only a nicety.
        }
        return out;
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
