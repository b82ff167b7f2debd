package dev.duo.internal.prompt;

import dev.duo.internal.yaml.BundledTreeIndex;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled prompt definitions, bound at build time: each bundled file's text with its
 * {@link PromptYaml} and template positions, in {@code dev/duo/prompts/definitions.index} (written at
 * {@code process-classes} through {@link #main}). {@link DefinitionReader} looks a file's text up here
 * first, so a cold start reads its prompt without a YAML parser. The index is keyed by the whole text,
 * so it only ever answers for the very text it was made from (a user's copy of a bundled file
 * included, whose definition is the same); any other text is parsed.
 *
 * <pre>{@code
 * java -cp target/classes:... dev.duo.internal.prompt.BundledDefinitions target/classes
 * }</pre>
 */
public final class BundledDefinitions {

    /** The index's resource, beside the bundled prompts. */
    static final String RESOURCE = PromptRoot.BUNDLED_FOLDER + "definitions.index";
    private static final int MAGIC = 0x44504432; // "DPD2": each text, then the byte length of its two trees, then them

    /** One bundled file's definition. */
    record Definition(PromptYaml yaml, Map<String, DefinitionReader.Position> positions) {
    }

    /** Loaded on first use: the lookup costs nothing until a prompt is compiled. */
    private static final class Holder {
        static final Index INDEX = load();
    }

    /**
     * The index with only its texts read: a definition's trees are decoded when its text is looked up
     * (a cold start compiles one prompt, not the 23 bundled ones).
     */
    private record Index(byte[] bytes, Map<String, int[]> treesAt, Map<String, Definition> decoded) {

        static final Index EMPTY = new Index(new byte[0], Map.of(), Map.of());

        /** The definition of exactly this text (the same object every time), or null (none, or damaged: the file is then parsed). */
        Definition find(String text) {
            Definition d = decoded.get(text);
            int[] at = d != null ? null : treesAt.get(text);
            if (at == null) {
                return d;
            }
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, at[0], at[1]))) {
                d = new Definition(yaml(map(BundledTreeIndex.read(in))), positions(map(BundledTreeIndex.read(in))));
            } catch (IOException | RuntimeException e) {
                return null;
            }
            Definition first = decoded.putIfAbsent(text, d);
            return first != null ? first : d;
        }
    }

    private BundledDefinitions() {
    }

    /** Writes the index of every {@code .yml} file the bundled prompts' INDEX lists (under the classes folder). */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]).resolve(PromptRoot.BUNDLED_FOLDER);
        Map<String, String> texts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve("INDEX"))) {
            String path = line.trim();
            if (path.endsWith(".yml") && !path.startsWith("#")) {
                texts.put(path, Files.readString(folder.resolve(path)));
            }
        }
        Files.write(folder.resolve("definitions.index"), encode(texts));
    }

    /** The index of these files' texts, each bound by {@link PromptYamlBinder}. */
    static byte[] encode(Map<String, String> texts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(texts.size());
            for (Map.Entry<String, String> e : texts.entrySet()) {
                PromptYaml y = PromptYamlBinder.bind(e.getValue());
                Map<String, DefinitionReader.Position> positions = PromptYamlBinder.templatePositions(e.getValue());
                if (y == null || positions == null) {
                    throw new IllegalStateException("the bundled prompt " + e.getKey() + " is not one the hand binder "
                            + "reads (PromptYamlBinder declined it): fix the file, it would load through Jackson");
                }
                BundledTreeIndex.write(out, e.getValue());
                ByteArrayOutputStream trees = new ByteArrayOutputStream();
                try (DataOutputStream t = new DataOutputStream(trees)) {
                    BundledTreeIndex.write(t, tree(y));
                    BundledTreeIndex.write(t, tree(positions));
                }
                out.writeInt(trees.size());
                trees.writeTo(out);
            }
        }
        return bytes.toByteArray();
    }

    /** The bundled definition of exactly this text, or null. */
    static Definition find(String text) {
        return Holder.INDEX.find(text);
    }

    private static Index load() {
        try (InputStream in = PromptRoot.class.getResourceAsStream("/" + RESOURCE)) {
            return in == null ? Index.EMPTY : index(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return Index.EMPTY; // no index, or a damaged one: every file is parsed
        }
    }

    /** Every definition of an index, decoded (for tests; a lookup decodes only its own). */
    static Map<String, Definition> decode(byte[] index) throws IOException {
        Index lazy = index(index);
        Map<String, Definition> out = new HashMap<>();
        for (String text : lazy.treesAt().keySet()) {
            Definition d = lazy.find(text);
            if (d == null) {
                throw new IOException("damaged definition in the bundled prompt index");
            }
            out.put(text, d);
        }
        return out;
    }

    private static Index index(byte[] index) throws IOException {
        java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(index);
        try (DataInputStream in = new DataInputStream(bytes)) {
            if (in.readInt() != MAGIC) {
                return Index.EMPTY;
            }
            int n = in.readInt();
            Map<String, int[]> treesAt = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String text = (String) BundledTreeIndex.read(in);
                int length = in.readInt();
                int at = index.length - bytes.available();
                if (length < 0 || in.skipBytes(length) != length) {
                    throw new IOException("truncated bundled prompt index");
                }
                treesAt.put(text, new int[] {at, length});
            }
            return new Index(index, treesAt, new java.util.concurrent.ConcurrentHashMap<>());
        }
    }

    // PromptYaml <-> a plain tree, key for key as the file writes them.

    private static Map<String, Object> tree(PromptYaml y) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", y.name());
        if (y.model() != null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", y.model().name());
            model.put("config_file", y.model().configFile());
            PromptYaml.ModelParamsYaml p = y.model().params();
            if (p != null) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("temperature", p.temperature());
                params.put("max_tokens", p.maxTokens());
                params.put("top_p", p.topP());
                params.put("top_k", p.topK());
                params.put("model_class_provider", p.modelClassProvider());
                params.put("max_retries", p.maxRetries());
                params.put("custom_llm_provider", p.customLlmProvider());
                model.put("params", params);
            }
            model.put("provider_params", y.model().providerParams());
            m.put("model", model);
        }
        m.put("unit_primitive", y.unitPrimitive());
        m.put("unit_primitives", y.unitPrimitives());
        m.put("operation_type", y.operationType());
        m.put("prompt_template", y.promptTemplate());
        if (y.params() != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("timeout", y.params().timeout());
            params.put("stop", y.params().stop());
            params.put("cache_control_injection_points", y.params().cacheControlInjectionPoints());
            params.put("vertex_location", y.params().vertexLocation());
            m.put("params", params);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static PromptYaml yaml(Map<String, Object> m) {
        Map<String, Object> model = map(m.get("model"));
        Map<String, Object> params = map(m.get("params"));
        PromptYaml.Model boundModel = null;
        if (model != null) {
            Map<String, Object> p = map(model.get("params"));
            PromptYaml.ModelParamsYaml mp = p == null ? null : new PromptYaml.ModelParamsYaml((Double) p.get("temperature"),
                    (Integer) p.get("max_tokens"), (Double) p.get("top_p"), p.get("top_k"), p.get("model_class_provider"),
                    p.get("max_retries"), p.get("custom_llm_provider"));
            boundModel = new PromptYaml.Model((String) model.get("name"), (String) model.get("config_file"), mp,
                    map(model.get("provider_params")));
        }
        Map<String, Object> template = map(m.get("prompt_template"));
        return new PromptYaml((String) m.get("name"), boundModel, (String) m.get("unit_primitive"),
                (List<String>) m.get("unit_primitives"), (String) m.get("operation_type"),
                template == null ? null : new LinkedHashMap<>(template),
                params == null ? null : new PromptYaml.Params((Double) params.get("timeout"), (List<String>) params.get("stop"),
                        (List<Object>) params.get("cache_control_injection_points"), (String) params.get("vertex_location")));
    }

    private static Map<String, Object> tree(Map<String, DefinitionReader.Position> positions) {
        Map<String, Object> m = new LinkedHashMap<>();
        positions.forEach((role, p) -> m.put(role, new ArrayList<>(List.of(p.line(), p.column(), p.block() ? 1 : 0, p.indent()))));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, DefinitionReader.Position> positions(Map<String, Object> m) {
        Map<String, DefinitionReader.Position> out = new HashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            List<Integer> p = (List<Integer>) e.getValue();
            out.put(e.getKey(), new DefinitionReader.Position(p.get(0), p.get(1), p.get(2) == 1, p.get(3)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
