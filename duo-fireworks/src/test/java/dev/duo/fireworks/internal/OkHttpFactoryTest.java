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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
        // OkHttp's own pool (Java 17): the platform-thread limits, whichever JDK runs the test
        OkHttpClient c = OkHttpFactory.shared(HttpSettings.DEFAULTS, java.util.Optional.empty());
        assertThat(c.dispatcher().getMaxRequestsPerHost()).isEqualTo(1024);
        assertThat(c.dispatcher().getMaxRequests()).isEqualTo(1024);
        assertThat(c.protocols()).contains(okhttp3.Protocol.HTTP_2);
        assertThat(c.retryOnConnectionFailure()).isFalse();
        c.dispatcher().executorService().shutdown();
    }

    @Test
    void aDispatcherOnVirtualThreadsAdmitsSixteenThousandCalls() {
        // a pool standing in for Java 21's virtual-thread executor, so the test runs the same on every JDK
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        OkHttpClient c = OkHttpFactory.shared(HttpSettings.DEFAULTS, java.util.Optional.of(pool));
        assertThat(c.dispatcher().getMaxRequests()).isEqualTo(16_384);
        assertThat(c.dispatcher().getMaxRequestsPerHost()).isEqualTo(16_384);
        assertThat(c.dispatcher().executorService()).isSameAs(pool);
        pool.shutdown();
    }

    /**
     * On virtual threads a connect must not cost a platform thread: the call connects on its own thread
     * (the dispatcher's), not on OkHttp's TaskRunner pool, which has no bound (fast fallback off). Java 17
     * keeps OkHttp's defaults. The tests run on Java 17, so a pool of recorded threads stands in for the
     * virtual ones: what is checked is which thread connects.
     */
    @Test
    void onVirtualThreadsACallConnectsOnItsOwnThreadNotOnOkHttpsPool() throws Exception {
        Set<Thread> standInThreads = ConcurrentHashMap.newKeySet();
        ExecutorService standIn = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-virtual");
            standInThreads.add(t);
            return t;
        });
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            OkHttpClient onVirtual = OkHttpFactory.shared(HttpSettings.DEFAULTS, Optional.of(standIn));
            assertThat(onVirtual.fastFallback()).isFalse();
            Thread[] virtualCall = threadsOfOneCall(onVirtual, server);
            assertThat(virtualCall[0]).isSameAs(virtualCall[1]).isIn(standInThreads);

            OkHttpClient onPlatform = OkHttpFactory.shared(HttpSettings.DEFAULTS, Optional.empty());
            assertThat(onPlatform.fastFallback()).isTrue();
            // OkHttp's own behaviour, the reason for the above: with fast fallback it connects on a thread of its TaskRunner.
            Thread[] platformCall = threadsOfOneCall(onPlatform, server);
            assertThat(platformCall[0]).isNotSameAs(platformCall[1]);
            onPlatform.dispatcher().executorService().shutdown();
        } finally {
            standIn.shutdownNow();
        }
    }

    /** The thread that connected and the thread that ran the call (its callback's), for one call enqueued on {@code shared}. */
    private static Thread[] threadsOfOneCall(OkHttpClient shared, MockWebServer server) throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        CompletableFuture<Thread> connectedOn = new CompletableFuture<>();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        OkHttpClient c = shared.newBuilder().eventListener(new EventListener() {
            @Override
            public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                connectedOn.complete(Thread.currentThread());
            }
        }).build();
        c.newCall(new Request.Builder().url(server.url("/")).build()).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) throws java.io.IOException {
                try (response) {
                    response.body().string();
                    ranOn.complete(Thread.currentThread());
                }
            }

            @Override
            public void onFailure(Call call, java.io.IOException e) {
                ranOn.completeExceptionally(e);
            }
        });
        Thread[] threads = {connectedOn.get(30, TimeUnit.SECONDS), ranOn.get(30, TimeUnit.SECONDS)};
        c.connectionPool().evictAll();
        return threads;
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
