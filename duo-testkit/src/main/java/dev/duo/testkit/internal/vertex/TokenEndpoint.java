package dev.duo.testkit.internal.vertex;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;

/**
 * Google's OAuth 2.0 token endpoint, as a service account's {@code token_uri} (and an authorized
 * user's refresh) reach it: {@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}
 * and a signed JWT {@code assertion}. It checks the JWT's RS256 signature against the public key of
 * the service account named in {@code iss}, its audience and expiry, and answers
 * {@code {"access_token", "expires_in", "token_type"}} or Google's {@code invalid_grant} error.
 */
public final class TokenEndpoint {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String GOOGLE_TOKEN_SERVER = "https://oauth2.googleapis.com/token";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final Clock clock;
    private volatile Duration lifetime = Duration.ofHours(1);
    private volatile boolean refusing;

    /** An endpoint on this clock (token expiry). */
    public TokenEndpoint(Clock clock) {
        this.clock = clock;
    }

    /** Trusts JWTs signed by this key for {@code clientEmail}. */
    public void register(String clientEmail, PublicKey key) {
        keys.put(clientEmail, key);
    }

    /** How long issued tokens live (their {@code expires_in}). */
    public void lifetime(Duration d) {
        this.lifetime = d;
    }

    /** Refuse every grant from now on, as Google does once a key is deleted or disabled. */
    public void refuse(boolean on) {
        this.refusing = on;
    }

    /** Token requests received. */
    public int requestCount() {
        return requests.get();
    }

    /** Whether {@code token} was issued here and has not expired. */
    public boolean valid(String token) {
        Instant until = issued.get(token);
        return until != null && clock.instant().isBefore(until);
    }

    /** Answers one token request; {@code audience} is this endpoint's own URL. */
    public MockResponse answer(String form, String audience) {
        requests.incrementAndGet();
        Map<String, String> params = parse(form);
        String grant = params.getOrDefault("grant_type", "");
        if (refusing) {
            return error(400, "invalid_grant", "Invalid JWT Signature.");
        }
        if (grant.equals("refresh_token")) {
            return params.containsKey("refresh_token") ? issue() : error(400, "invalid_request", "Missing refresh_token");
        }
        if (!grant.equals(JWT_BEARER)) {
            return error(400, "unsupported_grant_type", "Invalid grant_type: " + grant);
        }
        String assertion = params.get("assertion");
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            return error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return error(400, "invalid_grant", "Invalid JWT: unsupported algorithm");
            }
            PublicKey key = keys.get(claims.path("iss").asText());
            if (key == null) {
                return error(400, "invalid_grant", "Invalid grant: account not found");
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return error(400, "invalid_grant", "Invalid JWT Signature.");
            }
            // Google's library addresses the assertion to Google's own token server whatever token_uri says.
            String aud = claims.path("aud").asText();
            if (!audience.equals(aud) && !GOOGLE_TOKEN_SERVER.equals(aud)) {
                return error(400, "invalid_grant", "Invalid JWT: audience does not match " + audience);
            }
            if (claims.path("exp").asLong(0) < clock.instant().getEpochSecond()) {
                return error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
            }
            if (!claims.path("scope").asText("").contains("https://www.googleapis.com/auth/cloud-platform")) {
                return error(400, "invalid_scope", "The cloud-platform scope is required");
            }
        } catch (java.io.IOException | IllegalArgumentException | GeneralSecurityException e) {
            return error(400, "invalid_grant", "Invalid JWT: " + e.getClass().getSimpleName());
        }
        return issue();
    }

    private MockResponse issue() {
        String token = "ya29.fake-" + ids.incrementAndGet() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Duration life = lifetime;
        issued.put(token, clock.instant().plus(life));
        ObjectNode body = JSON.createObjectNode().put("access_token", token).put("expires_in", life.toSeconds())
                .put("token_type", "Bearer");
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("Cache-Control", "no-store").body(body.toString()).build();
    }

    private static MockResponse error(int code, String error, String description) {
        ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", description);
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
                .body(body.toString()).build();
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> out = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
