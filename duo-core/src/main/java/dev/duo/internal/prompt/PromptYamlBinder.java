package dev.duo.internal.prompt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Binds a definition file to {@link PromptYaml} by hand from SnakeYAML's composed nodes, without
 * Jackson's data binding (which costs a few hundred classes and tens of milliseconds at start-up).
 *
 * <p>It binds only what it can bind exactly as {@link JacksonDefinitionReader} would: plain text,
 * plain decimal numbers, {@code null}, {@code true}/{@code false}, lists and mappings of those, and
 * only the keys of the schema. Anything else (an unknown key, a value of the wrong type, an anchor,
 * an explicit tag, a duplicate key, a hex or quoted number, malformed YAML) makes it decline with
 * {@code null}, and the caller reads the file with Jackson, whose result or error message is the
 * reference. So a broken file gets exactly the message it always got, and a tested equality
 * (every bundled and gateway prompt file, and a corpus of odd ones) keeps the two readers in step.
 *
 * <pre>{@code
 * PromptYaml y = PromptYamlBinder.bind(text); // null: read it with Jackson instead
 * }</pre>
 */
final class PromptYamlBinder {

    /** Thrown inside the binder when a value is not one it can vouch for; never leaves this class. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super(null, null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();
    private static final Resolver RESOLVER = new Resolver();
    private static final Pattern INT = Pattern.compile("0|-?[1-9][0-9]{0,17}");
    private static final Pattern FLOAT = Pattern.compile("-?(?:0|[1-9][0-9]{0,17})\\.[0-9]{1,17}");

    private PromptYamlBinder() {
    }

    /** The definition, or null when Jackson must read this file (see the class comment). */
    static PromptYaml bind(String text) {
        try {
            MappingNode root = root(text);
            return root == null ? null : definition(root);
        } catch (RuntimeException e) {
            // A Decline, or SnakeYAML's own error for malformed YAML: Jackson reads it and says what is wrong.
            return null;
        }
    }

    /**
     * Where each {@code prompt_template} text starts, as {@link JacksonDefinitionReader#templatePositions}
     * finds it, or null when Jackson must find them.
     */
    static Map<String, DefinitionReader.Position> templatePositions(String text) {
        try {
            MappingNode root = root(text);
            if (root == null) {
                return null;
            }
            Map<String, DefinitionReader.Position> out = new HashMap<>();
            String[] lines = null;
            for (NodeTuple t : root.getValue()) {
                if (!"prompt_template".equals(key(t)) || !(t.getValueNode() instanceof MappingNode templates)) {
                    continue;
                }
                for (NodeTuple role : templates.getValue()) {
                    if (role.getValueNode() instanceof ScalarNode s && isText(s)) {
                        if (lines == null) {
                            lines = text.split("\n", -1);
                        }
                        out.put(key(role), DefinitionReader.position(lines, s.getStartMark().getLine() + 1,
                                s.getStartMark().getColumn() + 1));
                    } else if (role.getValueNode() instanceof ScalarNode) {
                        return null; // a number or true as a template: the error path, Jackson's positions
                    }
                }
            }
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static MappingNode root(String text) {
        LoaderOptions options = new LoaderOptions();
        Node root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options)
                .getSingleNode();
        if (root == null) {
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            throw DECLINE;
        }
        return m;
    }

    private static PromptYaml definition(MappingNode root) {
        String name = null;
        PromptYaml.Model model = null;
        String unitPrimitive = null;
        List<String> unitPrimitives = null;
        String operationType = null;
        LinkedHashMap<String, Object> promptTemplate = null;
        PromptYaml.Params params = null;
        for (Map.Entry<String, Node> e : entries(root).entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "name" -> name = text(v);
                case "model" -> model = model(v);
                case "unit_primitive" -> unitPrimitive = text(v);
                case "unit_primitives" -> unitPrimitives = texts(v);
                case "operation_type" -> operationType = text(v);
                case "prompt_template" -> promptTemplate = isNull(v) ? null : untypedMap(v);
                case "params" -> params = params(v);
                default -> throw DECLINE;
            }
        }
        return new PromptYaml(name, model, unitPrimitive, unitPrimitives, operationType, promptTemplate, params);
    }

    private static PromptYaml.Model model(Node node) {
        if (isNull(node)) {
            return null;
        }
        String name = null;
        String configFile = null;
        PromptYaml.ModelParamsYaml params = null;
        Map<String, Object> providerParams = null;
        for (Map.Entry<String, Node> e : entries(node).entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "name" -> name = text(v);
                case "config_file" -> configFile = text(v);
                case "params" -> params = modelParams(v);
                case "provider_params" -> providerParams = isNull(v) ? null : untypedMap(v);
                default -> throw DECLINE;
            }
        }
        return new PromptYaml.Model(name, configFile, params, providerParams);
    }

    private static PromptYaml.ModelParamsYaml modelParams(Node node) {
        if (isNull(node)) {
            return null;
        }
        Double temperature = null;
        Integer maxTokens = null;
        Double topP = null;
        Object topK = null;
        Object modelClassProvider = null;
        Object maxRetries = null;
        Object customLlmProvider = null;
        for (Map.Entry<String, Node> e : entries(node).entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "temperature" -> temperature = decimal(v);
                case "max_tokens" -> maxTokens = integer(v);
                case "top_p" -> topP = decimal(v);
                case "top_k" -> topK = untyped(v);
                case "model_class_provider" -> modelClassProvider = untyped(v);
                case "max_retries" -> maxRetries = untyped(v);
                case "custom_llm_provider" -> customLlmProvider = untyped(v);
                default -> throw DECLINE;
            }
        }
        return new PromptYaml.ModelParamsYaml(temperature, maxTokens, topP, topK, modelClassProvider, maxRetries,
                customLlmProvider);
    }

    private static PromptYaml.Params params(Node node) {
        if (isNull(node)) {
            return null;
        }
        Double timeout = null;
        List<String> stop = null;
        List<Object> cacheControl = null;
        String vertexLocation = null;
        for (Map.Entry<String, Node> e : entries(node).entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "timeout" -> timeout = decimal(v);
                case "stop" -> stop = texts(v);
                case "cache_control_injection_points" -> cacheControl = isNull(v) ? null : untypedList(v);
                case "vertex_location" -> vertexLocation = text(v);
                default -> throw DECLINE;
            }
        }
        return new PromptYaml.Params(timeout, stop, cacheControl, vertexLocation);
    }

    /** A mapping's entries in file order; a non-text key or a key given twice declines. */
    private static Map<String, Node> entries(Node node) {
        if (!(node instanceof MappingNode m) || m.getAnchor() != null || !Tag.MAP.equals(m.getTag())) {
            throw DECLINE;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (out.put(key(t), t.getValueNode()) != null) {
                throw DECLINE;
            }
        }
        return out;
    }

    private static String key(NodeTuple t) {
        if (t.getKeyNode() instanceof ScalarNode k && isText(k)) {
            return k.getValue();
        }
        throw DECLINE;
    }

    private static String text(Node node) {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode s && isText(s)) {
            return s.getValue();
        }
        throw DECLINE;
    }

    private static List<String> texts(Node node) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof SequenceNode seq) || seq.getAnchor() != null || !seq.getTag().equals(Tag.SEQ)) {
            throw DECLINE;
        }
        List<String> out = new ArrayList<>(seq.getValue().size());
        for (Node item : seq.getValue()) {
            String s = text(item);
            if (s == null) {
                throw DECLINE;
            }
            out.add(s);
        }
        return out;
    }

    private static Double decimal(Node node) {
        if (isNull(node)) {
            return null;
        }
        ScalarNode s = implicitScalar(node);
        String v = s.getValue();
        if (s.getTag().equals(Tag.INT) && INT.matcher(v).matches() || s.getTag().equals(Tag.FLOAT) && FLOAT.matcher(v).matches()) {
            return Double.valueOf(v);
        }
        throw DECLINE;
    }

    private static Integer integer(Node node) {
        if (isNull(node)) {
            return null;
        }
        ScalarNode s = implicitScalar(node);
        String v = s.getValue().replace("_", "");
        if (s.getTag().equals(Tag.INT) && !s.getValue().startsWith("_") && INT.matcher(v).matches()) {
            long n = Long.parseLong(v);
            if (n == (int) n) {
                return (int) n;
            }
        }
        throw DECLINE;
    }

    /** What Jackson's untyped binding makes of a value: text, Integer/Long, Double, Boolean, null, lists, maps. */
    private static Object untyped(Node node) {
        if (node instanceof MappingNode) {
            return untypedMap(node);
        }
        if (node instanceof SequenceNode) {
            return untypedList(node);
        }
        ScalarNode s = implicitScalar(node);
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.STR)) {
            return v;
        } else if (tag.equals(Tag.NULL)) {
            return null;
        } else if (tag.equals(Tag.BOOL) && (v.equals("true") || v.equals("false"))) {
            return Boolean.valueOf(v);
        } else if (tag.equals(Tag.INT) && INT.matcher(v).matches()) {
            long n = Long.parseLong(v);
            return n == (int) n ? (Object) (int) n : (Object) n;
        } else if (tag.equals(Tag.FLOAT) && FLOAT.matcher(v).matches()) {
            return Double.valueOf(v);
        }
        throw DECLINE;
    }

    private static LinkedHashMap<String, Object> untypedMap(Node node) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        entries(node).forEach((k, v) -> out.put(k, untyped(v)));
        return out;
    }

    private static List<Object> untypedList(Node node) {
        if (!(node instanceof SequenceNode seq) || seq.getAnchor() != null || !seq.getTag().equals(Tag.SEQ)) {
            throw DECLINE;
        }
        List<Object> out = new ArrayList<>(seq.getValue().size());
        seq.getValue().forEach(item -> out.add(untyped(item)));
        return out;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && implicitScalar(s).getTag().equals(Tag.NULL);
    }

    private static boolean isText(ScalarNode s) {
        return implicitScalar(s).getTag().equals(Tag.STR);
    }

    /**
     * A scalar whose tag is the one YAML infers from its text (no explicit {@code !!tag}, no anchor):
     * the case where Jackson's parser and SnakeYAML's composer classify it the same way.
     */
    private static ScalarNode implicitScalar(Node node) {
        if (!(node instanceof ScalarNode s) || s.getAnchor() != null) {
            throw DECLINE;
        }
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (!RESOLVER.resolve(NodeId.scalar, s.getValue(), plain).equals(s.getTag())) {
            throw DECLINE;
        }
        return s;
    }
}
