package dev.duo.internal.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the SDK's own bundled YAML (feature metadata, model families, the development catalog) into
 * plain trees with SnakeYAML's composer alone: maps in file order, lists, and every scalar as its
 * text. Jackson's data binding costs hundreds of classes and a few hundred milliseconds at
 * start-up (a third of {@code duo features list}); these files are ours, checked by tests, so they
 * need no binding's error messages. Users' files still go through {@link YamlReader}. At build time
 * each bundled file's tree is also written as an index beside it ({@link BundledTreeIndex}), which
 * {@link #readResource} reads instead of parsing: no YAML parser at all for {@code duo features list}.
 *
 * <pre>{@code
 * Map<String, Object> doc = BundledYaml.read(in, "families.yml");
 * }</pre>
 */
public final class BundledYaml {

    private BundledYaml() {
    }

    /**
     * The bundled resource {@code resource} (absolute, as {@link Class#getResourceAsStream} takes it) as a
     * tree: from its build-time index ({@link BundledTreeIndex}) when one made from these very bytes is
     * beside it, else parsed; null when the resource is missing.
     */
    public static Map<String, Object> readResource(Class<?> anchor, String resource, String name) {
        try {
            byte[] yaml;
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                yaml = in.readAllBytes();
            }
            try (InputStream in = anchor.getResourceAsStream(resource + BundledTreeIndex.SUFFIX)) {
                Map<String, Object> tree = in == null ? null : BundledTreeIndex.decode(yaml, in.readAllBytes());
                if (tree != null) {
                    return tree;
                }
            }
            return read(new java.io.ByteArrayInputStream(yaml), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + name, e);
        }
    }

    /** The document's root mapping; a malformed bundled file is a bug in this jar. */
    public static Map<String, Object> read(InputStream in, String name) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            Node root = new Composer(new ParserImpl(new StreamReader(r), options), new Resolver(), options).getSingleNode();
            Object tree = root == null ? null : toTree(root, name);
            if (!(tree instanceof Map)) {
                throw new IllegalStateException("the bundled " + name + " is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) tree;
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + name, e);
        }
    }

    private static Object toTree(Node node, String name) {
        if (node instanceof ScalarNode s) {
            // "~", "null" and empty plain scalars are YAML's null; every other scalar stays text.
            return s.getTag().getValue().endsWith(":null") ? null : s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>(seq.getValue().size());
            seq.getValue().forEach(n -> out.add(toTree(n, name)));
            return out;
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            int keys = 0;
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new IllegalStateException("the bundled " + name + " has a non-scalar key at "
                            + t.getKeyNode().getStartMark());
                }
                if (out.put(k.getValue(), toTree(t.getValueNode(), name)) != null || out.size() < ++keys) {
                    throw new IllegalStateException("the bundled " + name + " has a duplicate key '" + k.getValue()
                            + "' at " + k.getStartMark());
                }
            }
            return out;
        }
        throw new IllegalStateException("the bundled " + name + " has an unsupported node at " + node.getStartMark());
    }

    /** A string-keyed child map, or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A list of strings, or null. */
    @SuppressWarnings("unchecked")
    public static List<String> strings(Object value) {
        return value == null ? null : List.copyOf((List<String>) value);
    }

    /** A child list, or null. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Fails on a key the reader does not know (the bundled file and its reader changed apart). */
    public static void onlyKeys(Map<String, Object> map, String where, String... keys) {
        for (String k : map.keySet()) {
            if (!List.of(keys).contains(k)) {
                throw new IllegalStateException(where + ": unknown key '" + k + "' (known: " + String.join(", ", keys) + ")");
            }
        }
    }
}
