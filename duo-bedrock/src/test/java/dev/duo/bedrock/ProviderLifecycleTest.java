package dev.duo.bedrock;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static dev.duo.bedrock.Fixtures.context;
import static dev.duo.bedrock.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoException;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.FakeBedrockServer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Closing clients and the provider, and the module's public surface. */
class ProviderLifecycleTest {

    @Test
    void closingAClientStopsItAloneAndClosingTheProviderStopsAll() {
        try (FakeBedrockServer bedrock = FakeBedrockServer.start()) {
            BedrockProvider provider = new BedrockProvider();
            ModelClient a = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV));
            ModelClient b = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV));
            assertThat(a.complete(request("hi"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("hi");
            b.close();
            assertThatThrownBy(() -> b.complete(request("hi"), Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(DuoException.class)
                    .hasMessageContaining("the Bedrock client for model 'Claude Sonnet 4 [Bedrock]' is closed");
            assertThat(a.complete(request("still here"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("still here");
            provider.close();
            provider.close(); // idempotent
            assertThatThrownBy(() -> a.stream(request("hi"), Attempt.of(Timeouts.DEFAULTS), new Fixtures.Recorder())).isInstanceOf(DuoException.class)
                    .hasMessageContaining("is closed (its DuoClient was closed)");
            assertThatThrownBy(() -> provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void aProviderClosedBeforeItsFirstModelRefusesClients() {
        // Its SDK clients are made for the first model, so that a DuoClient without one loads no AWS class.
        BedrockProvider provider = new BedrockProvider();
        provider.close();
        provider.close();
        assertThatThrownBy(() -> provider.createClient(context(java.net.URI.create("http://127.0.0.1:1"), Fixtures.SIGV4_ENV)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the Bedrock provider is closed: its DuoClient was closed");
    }

    @Test
    void onlyTheProviderIsPublicOutsideInternal() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(BedrockProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/duo/bedrock"))) {
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
        assertThat(publicOnes).containsExactly(BedrockProvider.class.getName());
    }
}
