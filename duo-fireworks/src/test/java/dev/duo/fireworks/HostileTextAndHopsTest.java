package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.config.HttpSettings;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider text that tries to forge logs or drive terminals, and hops that would carry the key in clear text. */
class HostileTextAndHopsTest {

    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void close() {
        provider.close();
        server.close();
    }

    private static ModelRequest chat() {
        return ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    }

    @Test
    void anErrorBodyCannotForgeALogLineOrReachTheTerminalRaw() throws IOException {
        String forged = "{\"error\":{\"message\":\"bad\\n2026-01-01 [main] INFO dev.duo - all good\\r\\u001b]0;pwned\\u0007"
                + "\\u001b[2J" + "x".repeat(5000) + "\"}}";
        server.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json").body(forged).build());
        server.start();
        ModelClient c = provider.createClient(TestModels.context("custom_openai/m", server.url("/v1").uri()).build());
        assertThatThrownBy(() -> c.complete(chat(), Attempt.of(Timeouts.DEFAULTS)))
                .isInstanceOf(DuoException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n", "\r", "\u001b", "\u0007")
                        .contains("bad\\n2026-01-01 [main] INFO dev.duo - all good\\r\\u001b]0;pwned\\u0007\\u001b[2J")
                        .contains("more characters)")
                        .hasSizeLessThan(1000));
    }

    @Test
    void aStreamErrorEventIsSanitisedToo() throws IOException {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"error\":{\"message\":\"boom\\n[main] WARN forged\\u001b[31m\"}}\n\n").build());
        server.start();
        ModelClient c = provider.createClient(TestModels.context("custom_openai/m", server.url("/v1").uri()).build());
        java.util.concurrent.CompletableFuture<Throwable> error = new java.util.concurrent.CompletableFuture<>();
        c.stream(chat(), Attempt.of(Timeouts.DEFAULTS), new dev.duo.StreamListener() {
            @Override
            public void onChunk(String text) {
            }

            @Override
            public void onComplete(dev.duo.Completion completion) {
                error.complete(null);
            }

            @Override
            public void onError(DuoException e) {
                error.complete(e);
            }
        });
        Throwable e = error.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("boom\\n[main] WARN forged\\u001b[31m").doesNotContain("\n", "\u001b");
    }

    @Test
    void aPlainHttpProxyIsACleartextHopSoTheKeyIsNeverSentThroughIt() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!proxy.isClosed()) {
                    try (Socket s = proxy.accept(); InputStream in = s.getInputStream()) {
                        connections.incrementAndGet();
                        s.setSoTimeout(1000);
                        in.read(new byte[8192]);
                    } catch (SocketTimeoutException ignored) {
                        // keep accepting
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            HttpSettings http = new HttpSettings(URI.create("http://127.0.0.1:" + proxy.getLocalPort()), null);
            assertThatThrownBy(() -> provider.createClient(TestModels.context("custom_openai/m",
                    URI.create("http://127.0.0.1:8000/v1")).http(http).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("would send its api key over plain HTTP through the proxy http://127.0.0.1:"
                            + proxy.getLocalPort() + " to http://127.0.0.1:8000/v1")
                    .hasMessageContaining("a proxy tunnels HTTPS without seeing the key")
                    .hasMessageNotContaining(TestModels.KEY);
            // HTTPS through the same proxy is a tunnel: allowed.
            provider.createClient(TestModels.context("custom_openai/m", URI.create("https://vllm.corp/v1")).http(http).build());
        }
        assertThat(connections).hasValue(0);
    }

    @Test
    void anAllowlistedPrefixCannotBeLeftThroughDotSegments() {
        for (String sneaky : List.of("https://vllm.corp/v1/../../admin/v1", "https://vllm.corp/v1/%2e%2e/admin/v1",
                "https://VLLM.corp:443/v1/./../admin")) {
            assertThatThrownBy(() -> provider.createClient(TestModels.context("custom_openai/m", URI.create(sneaky))
                    .customModelsEnabled(false).customEndpointAllowlist(List.of("https://vllm.corp/v1")).build()))
                    .as(sneaky).isInstanceOf(ConfigurationException.class).hasMessageContaining("custom models are disabled");
        }
        provider.createClient(TestModels.context("custom_openai/m", URI.create("https://Vllm.Corp:443/v1/"))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("https://vllm.corp/v1")).build());
    }
}
