package dev.duo.fireworks;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.FakeOpenAiServer;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProviderLifecycleTest {

    @Test
    void isFoundByTheServiceLoaderUnderItsPlatforms() {
        List<ModelProvider> found = ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(OpenAiCompatibleProvider.class);
        assertThat(found.get(0).platforms()).containsExactlyInAnyOrder("fireworks_ai", "custom_openai", "openai", "azure");
        found.get(0).close();
    }

    @Test
    void modelsShareOneClientAndCloseReleasesIt() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
            ModelClient a = provider.createClient(TestModels.context("custom_openai/a", server.endpoint()).build());
            ModelClient b = provider.createClient(TestModels.context("custom_openai/b", server.endpoint()).build());
            ModelRequest r = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
            assertThat(a.complete(r, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("hi");
            assertThat(b.complete(r, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("hi");
            b.close();
            assertThatThrownBy(() -> b.complete(r, Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(DuoException.class)
                    .hasMessageContaining("the client for model 'Test model' is closed");
            provider.close();
            provider.close(); // idempotent
            assertThatThrownBy(() -> a.stream(r, Attempt.of(Timeouts.DEFAULTS), new dev.duo.testkit.conformance.RecordingListener()))
                    .isInstanceOf(DuoException.class).hasMessageContaining("is closed (its DuoClient was closed)");
            assertThatThrownBy(() -> provider.createClient(TestModels.context("custom_openai/c", server.endpoint()).build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
