package dev.duo.vertex.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.duo.MissingCredentialsException;
import dev.duo.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google credentials for one model, through Google's own {@code google-auth-library}: it signs the
 * service account's JWT, calls the token endpoint, caches the access token and refreshes it before
 * it expires (a token within minutes of expiry is replaced before it is used). Nothing here handles
 * OAuth by hand, and no token value is ever logged or put in a message.
 *
 * <p>Where credentials come from, first found wins:
 * <ol>
 *   <li>the model's {@code api_key}: an OAuth access token (such as {@code ${VERTEX_ACCESS_TOKEN}}),
 *       used as it is and never refreshed;</li>
 *   <li>the model's {@code credentials_file}: a service-account (or authorized-user, external-account,
 *       impersonated) JSON file;</li>
 *   <li>{@code GOOGLE_APPLICATION_CREDENTIALS}: the same, named by the environment;</li>
 *   <li>{@code GOOGLE_OAUTH_ACCESS_TOKEN}: an access token, as for {@code api_key};</li>
 *   <li>application default credentials (gcloud's login, or the metadata server on Google Cloud),
 *       looked up at the first call.</li>
 * </ol>
 */
final class GoogleAuth {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final ObjectMapper JSON = Json.mapper();
    private static final long MAX_FILE = 1024 * 1024;

    private final String source;             // for messages: where the credentials come from
    private final boolean refreshable;
    private final HttpTransportFactory transport;
    private final String projectId;          // the service account's own project, or null
    private volatile GoogleCredentials credentials;   // null until first use for application default credentials

    private GoogleAuth(String source, boolean refreshable, HttpTransportFactory transport, GoogleCredentials credentials,
            String projectId) {
        this.source = source;
        this.refreshable = refreshable;
        this.transport = transport;
        this.credentials = credentials;
        this.projectId = projectId;
    }

    /**
     * The credentials for the context's model.
     *
     * @throws MissingCredentialsException when a named credentials file cannot be read, naming it and the fix
     */
    static GoogleAuth of(ProviderContext ctx) {
        HttpTransportFactory transport = transport(ctx);
        String name = ctx.model().name();
        if (ctx.apiKey().isPresent()) {
            return token(ctx.apiKey().get().reveal(), "the access token in api_key of model '" + name + "'", transport);
        }
        if (ctx.model().credentialsFile().isPresent()) {
            return file(Path.of(ctx.model().credentialsFile().get()), "credentials_file of model '" + name + "'", transport);
        }
        String gac = ctx.environment().get("GOOGLE_APPLICATION_CREDENTIALS");
        if (gac != null && !gac.isBlank()) {
            return file(Path.of(gac.trim()), "GOOGLE_APPLICATION_CREDENTIALS", transport);
        }
        String token = ctx.environment().get("GOOGLE_OAUTH_ACCESS_TOKEN");
        if (token != null && !token.isBlank()) {
            return token(token.trim(), "the access token in GOOGLE_OAUTH_ACCESS_TOKEN", transport);
        }
        return new GoogleAuth("application default credentials", true, transport, null, null);
    }

    private static GoogleAuth token(String token, String source, HttpTransportFactory transport) {
        return new GoogleAuth(source, false, transport, GoogleCredentials.create(new AccessToken(token, null)), null);
    }

    private static GoogleAuth file(Path path, String setting, HttpTransportFactory transport) {
        String what = setting + " (" + path + ")";
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE) {
                throw new MissingCredentialsException("the Google credentials file named by " + what + " is larger than"
                        + " 1 MiB, so it is not a credentials file: point it at the service account's JSON key file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new MissingCredentialsException("the Google credentials file named by " + what + " does not exist:"
                    + " fix the path, or download the service account's JSON key (IAM > Service accounts > Keys)");
        } catch (IOException e) {
            throw new MissingCredentialsException("cannot read the Google credentials file named by " + what + " ("
                    + e.getClass().getSimpleName() + "): check the file's permissions");
        }
        String type;
        try {
            JsonNode root = JSON.readTree(bytes);
            type = root == null ? "" : root.path("type").asText("");
        } catch (IOException e) {
            throw new MissingCredentialsException("the Google credentials file named by " + what + " is not JSON: point"
                    + " it at the service account's JSON key file");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            GoogleCredentials c;
            String project = null;
            switch (type) {
                case "service_account" -> {
                    ServiceAccountCredentials sa = ServiceAccountCredentials.fromStream(in, transport);
                    project = sa.getProjectId();
                    c = sa;
                }
                case "authorized_user" -> c = UserCredentials.fromStream(in, transport);
                case "external_account" -> c = ExternalAccountCredentials.fromStream(in, transport);
                case "impersonated_service_account" -> c = ImpersonatedCredentials.fromStream(in, transport);
                default -> throw new MissingCredentialsException("the Google credentials file named by " + what
                        + " has type '" + type + "': use a service_account key file (or authorized_user,"
                        + " external_account, impersonated_service_account)");
            }
            return new GoogleAuth(setting, true, transport, scoped(c), project);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MissingCredentialsException m) {
                throw m;
            }
            // Google's parser says which field is missing or bad; it never quotes the key itself.
            throw new MissingCredentialsException("the Google credentials file named by " + what + " cannot be used ("
                    + Messages.shorten(e.getMessage()) + "): download a fresh JSON key for the service account");
        }
    }

    private static GoogleCredentials scoped(GoogleCredentials c) {
        // Scoped credentials get OAuth access tokens from the token endpoint (and refresh them);
        // unscoped service accounts would sign self-made JWTs instead, which Vertex AI does not take.
        return c.createScopedRequired() ? c.createScoped(List.of(SCOPE)) : c;
    }

    private static HttpTransportFactory transport(ProviderContext ctx) {
        NetHttpTransport.Builder b = new NetHttpTransport.Builder();
        ctx.http().proxyUrl().ifPresent(p -> b.setProxy(proxy(p)));
        NetHttpTransport t = b.build();
        return () -> t;
    }

    private static Proxy proxy(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : 3128;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    /** The service account's own project, or null. */
    String projectId() {
        return projectId;
    }

    /** Where the credentials come from, for messages. */
    String source() {
        return source;
    }

    /** Whether the library can get a new token when this one expires. */
    boolean refreshable() {
        return refreshable;
    }

    /**
     * The headers that authorize a request to {@code uri} ({@code Authorization: Bearer ...} and,
     * where the credentials name one, {@code x-goog-user-project}), refreshing the token first when
     * it is expired or about to be.
     *
     * @throws IOException when no token can be had (the message says why, without any secret)
     */
    Map<String, List<String>> headers(URI uri) throws IOException {
        GoogleCredentials c = credentials;
        if (c == null) {
            synchronized (this) {
                if (credentials == null) {
                    credentials = scoped(GoogleCredentials.getApplicationDefault(transport));
                }
                c = credentials;
            }
        }
        return new LinkedHashMap<>(c.getRequestMetadata(uri));
    }
}
