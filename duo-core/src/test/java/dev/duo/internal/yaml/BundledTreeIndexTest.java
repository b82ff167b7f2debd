package dev.duo.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build-time indexes of the bundled YAML files hold exactly what parsing the files gives, and a stale one is ignored. */
class BundledTreeIndexTest {

    /** Every bundled file read through {@link BundledYaml#readResource} (the pom's exec step indexes these). */
    private static final List<String> INDEXED = List.of("/dev/duo/feature/feature_metadata.yml",
            "/dev/duo/model/families.yml", "/dev/duo/model/development_catalog.yml");

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BundledTreeIndexTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void eachBundledFileHasAnIndexThatHoldsItsParsedTree() throws IOException {
        for (String name : INDEXED) {
            byte[] yaml = resource(name);
            Map<String, Object> parsed = BundledYaml.read(new ByteArrayInputStream(yaml), name);
            Map<String, Object> indexed = BundledTreeIndex.decode(yaml, resource(name + BundledTreeIndex.SUFFIX));
            assertThat(indexed).as(name + ": made at process-classes by the exec step in duo-core's pom").isNotNull();
            assertThat(indexed).as(name).isEqualTo(parsed);
            assertThat(new ArrayList<>(indexed.keySet())).as(name + ": key order").isEqualTo(new ArrayList<>(parsed.keySet()));
            assertThat(BundledYaml.readResource(BundledTreeIndexTest.class, name, name)).isEqualTo(parsed);
        }
        assertThat(BundledYaml.readResource(BundledTreeIndexTest.class, "/dev/duo/no_such.yml", "no_such.yml")).isNull();
    }

    @Test
    void everyKindOfValueRoundTrips() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("text", "héllo ✓ \n\t\"quoted\"");
        tree.put("empty", "");
        tree.put("nothing", null);
        tree.put("list", Arrays.asList("a", null, List.of(), Map.of()));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", "last first");
        nested.put("a", List.of(List.of("deep")));
        tree.put("nested", nested);
        tree.put("long", "x".repeat(100_000));
        byte[] yaml = "any: bytes\n".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> back = BundledTreeIndex.decode(yaml, BundledTreeIndex.encode(yaml, tree));
        assertThat(back).isEqualTo(tree);
        assertThat(new ArrayList<Object>(((Map<?, ?>) back.get("nested")).keySet())).containsExactly("z", "a");
        assertThatThrownBy(() -> BundledTreeIndex.encode(yaml, Map.of("n", new Object()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIndexOfOtherBytesOrADamagedOneIsIgnored() {
        byte[] yaml = "key: value\n".getBytes(StandardCharsets.UTF_8);
        byte[] index = BundledTreeIndex.encode(yaml, Map.of("key", "value"));
        assertThat(BundledTreeIndex.decode(yaml, index)).isEqualTo(Map.of("key", "value"));
        // The YAML edited after the index was made (same length, one byte changed): the index is stale.
        assertThat(BundledTreeIndex.decode("key: valuf\n".getBytes(StandardCharsets.UTF_8), index)).isNull();
        assertThat(BundledTreeIndex.decode("key: value2\n".getBytes(StandardCharsets.UTF_8), index)).isNull();
        // Truncated, extended, or not an index at all.
        assertThat(BundledTreeIndex.decode(yaml, Arrays.copyOf(index, index.length - 1))).isNull();
        assertThat(BundledTreeIndex.decode(yaml, Arrays.copyOf(index, index.length + 1))).isNull();
        assertThat(BundledTreeIndex.decode(yaml, new byte[0])).isNull();
        assertThat(BundledTreeIndex.decode(yaml, yaml)).isNull();
        byte[] badLength = index.clone();
        badLength[16] = 0x7f; // the root value's kind byte
        assertThat(BundledTreeIndex.decode(yaml, badLength)).isNull();
    }
}
