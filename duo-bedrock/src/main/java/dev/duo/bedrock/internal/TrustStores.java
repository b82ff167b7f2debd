package dev.duo.bedrock.internal;

import dev.duo.InvalidConfigException;
import dev.duo.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/**
 * Turns the configured trust store (PKCS12 or JKS without password, or PEM certificates) into trust
 * managers for the SDK's HTTP clients, for endpoints behind a private CA (VPC endpoints, proxies).
 */
final class TrustStores {

    private TrustStores() {
    }

    static Optional<TlsTrustManagersProvider> trustManagers(HttpSettings http) {
        return http.truststorePath().map(TrustStores::load);
    }

    private static TlsTrustManagersProvider load(Path path) {
        try {
            KeyStore store;
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(path)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, c);
                    }
                }
            } else {
                store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(path)) {
                    store.load(in, null);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf::getTrustManagers;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigException("Cannot read the trust store " + path + " (http.truststore): " + e.getMessage()
                    + "; use a PKCS12 file without password or PEM certificates", e, dev.duo.ErrorContext.NONE);
        }
    }
}
