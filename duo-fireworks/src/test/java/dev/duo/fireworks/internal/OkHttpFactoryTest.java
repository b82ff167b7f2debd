package dev.duo.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.config.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OkHttpFactoryTest {

    @TempDir
    Path dir;

    /** Any CA the JVM ships stands in for a private one: what matters is that the file is read. */
    private static X509Certificate someCa() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers()[0];
    }

    @Test
    void raisesTheDispatcherLimitsAndOffersHttp2() {
        OkHttpClient c = OkHttpFactory.shared(HttpSettings.DEFAULTS);
        assertThat(c.dispatcher().getMaxRequestsPerHost()).isEqualTo(1024);
        assertThat(c.dispatcher().getMaxRequests()).isEqualTo(1024);
        assertThat(c.protocols()).contains(okhttp3.Protocol.HTTP_2);
        assertThat(c.retryOnConnectionFailure()).isFalse();
        c.dispatcher().executorService().shutdown();
    }

    @Test
    void appliesTheProxy() {
        OkHttpClient c = OkHttpFactory.shared(new HttpSettings(URI.create("http://proxy.corp:3128"), null));
        assertThat(c.proxy()).isEqualTo(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128)));
        assertThat(OkHttpFactory.proxy(URI.create("socks5://s.corp")).type()).isEqualTo(Proxy.Type.SOCKS);
        assertThatThrownBy(() -> OkHttpFactory.proxy(URI.create("proxy.corp")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a URL such as http://proxy.corp:3128");
    }

    @Test
    void readsAPemTrustStore() throws Exception {
        X509Certificate ca = someCa();
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path file = Files.writeString(dir.resolve("ca.pem"), pem);
        X509TrustManager tm = OkHttpFactory.trustManager(file);
        assertThat(Arrays.asList(tm.getAcceptedIssuers())).contains(ca);
        OkHttpClient c = OkHttpFactory.shared(new HttpSettings(null, file));
        assertThat(c.x509TrustManager()).isNotNull();
        c.dispatcher().executorService().shutdown();
    }

    @Test
    void readsAPkcs12TrustStore() throws Exception {
        X509Certificate ca = someCa();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("corp-ca", ca);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, new char[0]);
        Path file = Files.write(dir.resolve("ca.p12"), out.toByteArray());
        assertThat(Arrays.asList(OkHttpFactory.trustManager(file).getAcceptedIssuers())).contains(ca);
    }

    @Test
    void refusesUnreadableTrustStores() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a key store");
        assertThatThrownBy(() -> OkHttpFactory.trustManager(junk)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read http.truststore").hasMessageContaining("give a PEM file");
        Path emptyPem = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> OkHttpFactory.trustManager(emptyPem)).isInstanceOf(ConfigurationException.class);
    }
}
