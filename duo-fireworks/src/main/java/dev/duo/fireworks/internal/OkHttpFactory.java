package dev.duo.fireworks.internal;

import dev.duo.ConfigurationException;
import dev.duo.config.HttpSettings;
import dev.duo.model.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Builds the provider's one shared {@link OkHttpClient} and the per-model views of it. Views made
 * with {@code newBuilder()} share the dispatcher and connection pool, so all models of one
 * {@code DuoClient} share threads and connections while each keeps its own timeouts.
 */
public final class OkHttpFactory {

    /** Enough for hundreds of concurrent streams to one host; OkHttp's default of 5 per host queues the rest. */
    static final int MAX_REQUESTS = 1024;
    /** On virtual threads a call in flight costs no platform thread: 10,000 concurrent streams run at once, none queued. */
    static final int MAX_REQUESTS_VIRTUAL = 16_384;

    private OkHttpFactory() {
    }

    /** The shared client: raised dispatcher limits, HTTP/2 when the server offers it, proxy and trust store. */
    public static OkHttpClient shared(HttpSettings http) {
        // On Java 21 and later the dispatcher runs calls on virtual threads: thousands of concurrent
        // streams then cost no platform thread each. Java 17 keeps OkHttp's own thread pool.
        return shared(http, VirtualThreads.executor("duo-okhttp-"));
    }

    /**
     * As {@link #shared(HttpSettings)}, the calls run by {@code virtual} when present (virtual threads),
     * else by OkHttp's own pool.
     */
    static OkHttpClient shared(HttpSettings http, java.util.Optional<java.util.concurrent.ExecutorService> virtual) {
        Dispatcher dispatcher = virtual.map(Dispatcher::new).orElseGet(Dispatcher::new);
        int limit = virtual.isPresent() ? MAX_REQUESTS_VIRTUAL : MAX_REQUESTS;
        dispatcher.setMaxRequests(limit);
        dispatcher.setMaxRequestsPerHost(limit);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_REQUESTS / 4, 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                // One attempt means one attempt: the core pipeline retries, and a silent replay here
                // would also draw a second fault from a test's fault plan.
                .retryOnConnectionFailure(false)
                // ... except for a pooled connection found dead before anything was written on it.
                .eventListener(StaleConnections.INSTANCE)
                // Redirects are followed only by RedirectGuard, under the endpoint policy.
                .followRedirects(false)
                .followSslRedirects(false)
                // On virtual threads a call connects on its own thread. With fast fallback (racing a host's
                // addresses, RFC 8305) OkHttp connects on its TaskRunner instead: a pool of platform threads
                // without a bound, one per connect in progress, which nothing outside OkHttp can configure.
                // 10,000 streams opened at once on a loaded machine left up to 259 of them alive. What racing buys
                // is small here: the JVM lists a host's IPv4 addresses first (java.net.preferIPv6Addresses),
                // and a connect that fails, or takes longer than `connect`, still moves on to the next address.
                .fastFallback(virtual.isEmpty());
        apply(b, http);
        return b.build();
    }

    /** A view of the shared client with these HTTP settings (proxy, trust store). */
    public static OkHttpClient forModel(OkHttpClient shared, HttpSettings http) {
        return forModel(shared, http, null);
    }

    /** As {@link #forModel(OkHttpClient, HttpSettings)}, with the model's redirect guard. */
    static OkHttpClient forModel(OkHttpClient shared, HttpSettings http, RedirectGuard redirects) {
        OkHttpClient.Builder b = shared.newBuilder();
        if (redirects != null) {
            b.addInterceptor(redirects);
        }
        apply(b, http);
        return b.build();
    }

    /**
     * The view for blocking calls: {@code connect} bounds connecting; each call's own timeout (the
     * attempt's budget, set per call) bounds the rest. No read timeout: {@code idle} is for streams only.
     */
    public static OkHttpClient forBlocking(OkHttpClient base, Timeouts timeouts) {
        return base.newBuilder()
                .connectTimeout(timeouts.connect())
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .build();
    }

    /**
     * The view for streams: {@code connect} bounds connecting, {@code attempt} the wait for the
     * response (the runtime also cuts it to what is left of the call), and {@code idle} every read of
     * the body once it has begun ({@code StreamCall} sets it on the body's source): the silence
     * between events.
     */
    public static OkHttpClient forStreams(OkHttpClient base, Timeouts timeouts) {
        return base.newBuilder()
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.attempt())
                .writeTimeout(timeouts.attempt())
                .callTimeout(Duration.ZERO)
                .build();
    }

    private static void apply(OkHttpClient.Builder b, HttpSettings http) {
        http.proxyUrl().ifPresent(p -> b.proxy(proxy(p)));
        http.truststorePath().ifPresent(path -> {
            X509TrustManager tm = trustManager(path);
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ssl.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new ConfigurationException("cannot use http.truststore " + path + ": " + e.getMessage());
            }
        });
    }

    static Proxy proxy(URI uri) {
        if (uri.getHost() == null) {
            throw new ConfigurationException("http.proxy '" + uri + "' is not a URL such as http://proxy.corp:3128");
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.startsWith("socks") ? 1080 : 3128;
        Proxy.Type type = scheme.startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        return new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    /**
     * A trust manager trusting the JVM's default CAs plus those of a PEM file or a PKCS12 store
     * (whose certificates are readable without a password, as {@code keytool -importcert} writes them).
     */
    static X509TrustManager trustManager(Path path) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            byte[] bytes = Files.readAllBytes(path);
            String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.US_ASCII);
            if (head.contains("-----BEGIN")) {
                Collection<? extends Certificate> pem = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new java.io.ByteArrayInputStream(bytes));
                pem.forEach(c -> certs.add((X509Certificate) c));
            } else {
                KeyStore p12 = loadPkcs12(bytes, null);
                if (p12.size() == 0 || p12.getCertificate(p12.aliases().nextElement()) == null) {
                    // Stores written with an (empty) password protect their certificates with it.
                    p12 = loadPkcs12(bytes, new char[0]);
                }
                for (String alias : java.util.Collections.list(p12.aliases())) {
                    Certificate c = p12.getCertificate(alias);
                    if (c instanceof X509Certificate x) {
                        certs.add(x);
                    }
                }
            }
            if (certs.isEmpty()) {
                throw new ConfigurationException("http.truststore " + path + " holds no certificate: give a PEM file"
                        + " of CA certificates or a PKCS12 trust store");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
                ks.setCertificateEntry("jvm-" + i++, c);
            }
            for (X509Certificate c : certs) {
                ks.setCertificateEntry("duo-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigurationException("http.truststore " + path + " does not exist: fix the path or remove the setting");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read http.truststore " + path + " (" + e.getMessage()
                    + "): give a PEM file of CA certificates or a PKCS12 trust store");
        }
    }

    private static KeyStore loadPkcs12(byte[] bytes, char[] password) throws IOException, GeneralSecurityException {
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            p12.load(in, password);
        }
        return p12;
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JVM has no X509 trust manager");
    }
}
