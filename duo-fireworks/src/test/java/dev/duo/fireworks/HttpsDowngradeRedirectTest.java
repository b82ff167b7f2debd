package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.duo.ConfigurationException;
import dev.duo.Message;
import dev.duo.config.HttpSettings;
import dev.duo.model.Secret;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS server that redirects to plain HTTP: the prompt (and the key) must not follow. */
class HttpsDowngradeRedirectTest {

    @TempDir
    Path dir;

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void aRedirectFromHttpsToPlainHttpIsRefusedAndNothingReachesThePlainServer() throws Exception {
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        try (MockWebServer plain = new MockWebServer(); OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider()) {
            plain.start();
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            https.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Location", plain.url("/v1/chat/completions").toString());
                ex.sendResponseHeaders(307, -1);
                ex.close();
            });
            https.start();
            try {
                URI endpoint = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/v1");
                ProviderContext ctx = ProviderContext.builder(TestModels.model("custom_openai/m", endpoint))
                        .apiKey(Secret.of(TestModels.KEY)).http(new HttpSettings(null, pem)).build();
                ModelClient c = provider.createClient(ctx);
                assertThatThrownBy(() -> c.complete(ModelRequest.builder().messages(List.of(Message.user("secret plan"))).build(), Attempt.of(Timeouts.DEFAULTS)))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("(HTTP 307) from " + endpoint + "/chat/completions to "
                                + plain.url("/v1/chat/completions") + " from https to plain http")
                        .hasMessageNotContaining(TestModels.KEY);
                assertThat(plain.getRequestCount()).isZero();
            } finally {
                https.stop(0);
            }
        }
    }
}
