package dev.duo.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.FakeVertexServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The provider is found by the service loader, closes cleanly, and is the module's one public class outside internal. */
class ProviderLifecycleTest {

    private static ModelRequest ask(String text) {
        return ModelRequest.builder().messages(List.of(Message.user(text))).build();
    }

    @Test
    void isFoundByTheServiceLoaderUnderVertexAi() {
        List<ModelProvider> found = ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof VertexAiProvider).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).platforms()).containsExactly("vertex_ai");
    }

    @Test
    void closingAClientStopsItAloneAndClosingTheProviderStopsAll() {
        try (FakeVertexServer fake = FakeVertexServer.builder().start()) {
            VertexAiProvider provider = new VertexAiProvider();
            ModelClient a = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
            ModelClient b = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.gemini(fake, VertexModels.TIMEOUTS)));
            b.close();
            assertThatThrownBy(() -> b.complete(ask("hi"), Attempt.of(VertexModels.TIMEOUTS))).isInstanceOf(DuoException.class)
                    .hasMessageContaining("the client for model 'Gemini on Vertex' is closed");
            assertThat(a.complete(ask("still here"), Attempt.of(VertexModels.TIMEOUTS)).text()).isEqualTo("still here");
            provider.close();
            provider.close(); // idempotent
            assertThatThrownBy(() -> a.stream(ask("hi"), Attempt.of(VertexModels.TIMEOUTS), new RecordingListener())).isInstanceOf(DuoException.class)
                    .hasMessageContaining("is closed (its DuoClient was closed)");
            assertThatThrownBy(() -> provider.createClient(VertexModels.withKeyFile(fake,
                    VertexModels.claude(fake, VertexModels.TIMEOUTS)))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void onlyTheProviderIsPublicOutsideInternal() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(VertexAiProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/duo/vertex"))) {
            names = files.map(p -> classes.relativize(p).toString().replace('/', '.'))
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.contains(".internal.")
                            && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .toList();
        }
        List<String> publicOnes = new ArrayList<>();
        for (String n : names) {
            if (Modifier.isPublic(Class.forName(n).getModifiers())) {
                publicOnes.add(n);
            }
        }
        assertThat(publicOnes).containsExactly(VertexAiProvider.class.getName());
    }
}
