package dev.duo.bedrock.internal;

import dev.duo.MissingCredentialsException;
import java.util.Map;
import java.util.Objects;

/**
 * How calls to Bedrock authenticate, decided from the client's environment map (not the process's,
 * so tests and embedders can inject it): a Bedrock API key ({@code AWS_BEARER_TOKEN_BEDROCK}, bearer
 * auth, wins as it does in the AWS SDK), static keys ({@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, optionally {@code AWS_SESSION_TOKEN}), else the AWS default chain
 * (profiles selected by {@code AWS_PROFILE}, SSO, web identity, container and instance roles).
 *
 * <p>Equality compares the secret values so that one SDK client serves every model with the same
 * credentials; {@link #toString()} never shows them.
 */
public final class AwsAuth {

    /** The environment variable of Bedrock API keys. */
    public static final String BEARER_TOKEN_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK";

    /** The kinds of authentication. */
    public enum Kind {
        /** A Bedrock API key sent as {@code Authorization: Bearer}. */
        BEARER,
        /** Static SigV4 credentials from the environment map. */
        STATIC,
        /** SigV4 credentials from the AWS default chain. */
        DEFAULT_CHAIN
    }

    private final Kind kind;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String bearerToken;
    private final String profile;

    private AwsAuth(Kind kind, String accessKeyId, String secretAccessKey, String sessionToken,
            String bearerToken, String profile) {
        this.kind = kind;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.bearerToken = bearerToken;
        this.profile = profile;
    }

    /**
     * Decides from the environment map.
     *
     * @throws MissingCredentialsException when only one of the two static key variables is set
     */
    public static AwsAuth fromEnvironment(Map<String, String> env, String modelName) {
        String token = value(env, BEARER_TOKEN_VARIABLE);
        if (token != null) {
            return new AwsAuth(Kind.BEARER, null, null, null, token, null);
        }
        String id = value(env, "AWS_ACCESS_KEY_ID");
        String secret = value(env, "AWS_SECRET_ACCESS_KEY");
        if (id != null && secret != null) {
            return new AwsAuth(Kind.STATIC, id, secret, value(env, "AWS_SESSION_TOKEN"), null, null);
        }
        if (id != null || secret != null) {
            String missing = id == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
            String present = id == null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
            throw new MissingCredentialsException("Bedrock model '" + modelName + "': " + present
                    + " is set but " + missing + " is not: export both (or neither, to use an AWS profile or role)");
        }
        return new AwsAuth(Kind.DEFAULT_CHAIN, null, null, null, null, value(env, "AWS_PROFILE"));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        String trimmed = v.trim();
        // Credentials travel in headers (and SigV4 signs them): one with a line break fails deep inside
        // the HTTP client with a message that names neither the variable nor the fix.
        dev.duo.model.ApiKey.headerProblem(trimmed).ifPresent(p -> {
            throw new MissingCredentialsException("The environment variable " + name + " holds " + p
                    + ", which cannot be sent in an HTTP header: export " + name + " again with the value alone");
        });
        return trimmed;
    }

    /** The message of a {@link MissingCredentialsException} when nothing authenticates. */
    public static String missingMessage(String modelName, String profile) {
        return "No AWS credentials for Bedrock model '" + modelName + "': export AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials), or "
                + BEARER_TOKEN_VARIABLE + " for a Bedrock API key, or configure "
                + (profile == null ? "a profile in ~/.aws/credentials and select it with AWS_PROFILE"
                        : "the profile '" + profile + "' (AWS_PROFILE) in ~/.aws/credentials or ~/.aws/config")
                + ", or run where an instance or container role is available";
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    String sessionToken() {
        return sessionToken;
    }

    String bearerToken() {
        return bearerToken;
    }

    /** The AWS profile named by AWS_PROFILE, or null. */
    public String profile() {
        return profile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwsAuth a && kind == a.kind && Objects.equals(accessKeyId, a.accessKeyId)
                && Objects.equals(secretAccessKey, a.secretAccessKey) && Objects.equals(sessionToken, a.sessionToken)
                && Objects.equals(bearerToken, a.bearerToken) && Objects.equals(profile, a.profile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, accessKeyId, secretAccessKey, sessionToken, bearerToken, profile);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BEARER -> "AwsAuth[bearer ****]";
            case STATIC -> "AwsAuth[static " + maskedKeyId() + (sessionToken == null ? "" : " +session") + "]";
            case DEFAULT_CHAIN -> "AwsAuth[default chain" + (profile == null ? "" : ", profile " + profile) + "]";
        };
    }

    // The access key id is not secret, but its last four characters are enough to tell keys apart.
    private String maskedKeyId() {
        return accessKeyId.length() <= 4 ? "****" : "****" + accessKeyId.substring(accessKeyId.length() - 4);
    }
}
