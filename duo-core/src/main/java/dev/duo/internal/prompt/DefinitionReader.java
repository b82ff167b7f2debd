package dev.duo.internal.prompt;

import dev.duo.ModelParams;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a definition file's YAML into {@link PromptYaml} and finds where each template starts in
 * the file, so template errors can point at the right YAML line.
 *
 * <p>A bundled file's definition was bound when the jar was built ({@link BundledDefinitions}). Any
 * other well-formed file is bound by hand from SnakeYAML's nodes ({@link PromptYamlBinder}): no
 * Jackson class loads on a cold start. A file the binder cannot vouch for (an unknown key, a wrong
 * type, malformed YAML, anything unusual) is read by {@link JacksonDefinitionReader}, whose strict
 * binding gives the result, or the {@code file:line:column: what} message, it always gave.
 */
final class DefinitionReader {

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
        BundledDefinitions.Definition bundled = BundledDefinitions.find(text);
        if (bundled != null) {
            return bundled.yaml();
        }
        PromptYaml y = PromptYamlBinder.bind(text);
        return y != null ? y : JacksonDefinitionReader.read(file, text);
    }

    /** Where each {@code prompt_template} entry's text starts, by role. */
    static Map<String, Position> templatePositions(String text) {
        BundledDefinitions.Definition bundled = BundledDefinitions.find(text);
        if (bundled != null) {
            return bundled.positions();
        }
        Map<String, Position> positions = PromptYamlBinder.templatePositions(text);
        return positions != null ? positions : JacksonDefinitionReader.templatePositions(text);
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

    /** The position of a template value that starts at {@code line}, {@code column} (1-based). */
    static Position position(String[] lines, int line, int column) {
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
}
