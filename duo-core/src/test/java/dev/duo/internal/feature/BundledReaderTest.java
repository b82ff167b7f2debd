package dev.duo.internal.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.internal.yaml.BundledYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled feature metadata is read without Jackson's data binding (for start-up time): it must
 * give exactly the features that the strict Jackson binding, which users' files go through, gives.
 */
class BundledReaderTest {

    @Test
    void theLightReaderGivesTheSameFeaturesAsJackson() {
        assertThat(FeatureMetadataLoader.bundled()).isNotEmpty().isEqualTo(FeatureMetadataLoader.bundledThroughJackson());
    }

    @Test
    void scalarsStayTextAndNullsAreNull() {
        Map<String, Object> doc = BundledYaml.read(new ByteArrayInputStream(
                "a: yes\nb: 1.0\nc: ~\nd: [x, 'y']\ne: { f: on }\n".getBytes(StandardCharsets.UTF_8)), "t.yml");
        assertThat(doc).containsEntry("a", "yes").containsEntry("b", "1.0").containsEntry("c", null)
                .containsEntry("d", java.util.List.of("x", "y")).containsEntry("e", Map.of("f", "on"));
    }

    @Test
    void anUnknownKeyInABundledFileIsNamed() {
        Map<String, Object> doc = BundledYaml.read(new ByteArrayInputStream(
                "features:\n  - { key: k, colour: red }\n".getBytes(StandardCharsets.UTF_8)), "t.yml");
        assertThatThrownBy(() -> BundledFeatureMetadata.bind(doc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> BundledYaml.read(new ByteArrayInputStream("a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8)),
                "t.yml")).hasMessageContaining("duplicate");
    }
}
