package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's one public entry class; everything else lives in {@code internal}. */
class PublicSurfaceTest {

    @Test
    void onlyTheProviderIsPublicOutsideInternal() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(OpenAiCompatibleProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/duo/fireworks"))) {
            names = files.map(p -> classes.relativize(p).toString().replace('/', '.'))
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.contains(".internal.")
                            && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .toList();
        }
        List<String> publicOnes = new java.util.ArrayList<>();
        for (String n : names) {
            if (Modifier.isPublic(Class.forName(n).getModifiers())) {
                publicOnes.add(n);
            }
        }
        assertThat(publicOnes).containsExactly(OpenAiCompatibleProvider.class.getName());
    }
}
