package dev.duo.bedrock;

import dev.duo.bedrock.internal.BedrockModelClient;
import dev.duo.bedrock.internal.BedrockSettings;
import dev.duo.bedrock.internal.AwsSdkClientCache;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import java.util.Set;

/**
 * Serves models whose identifier starts with {@code bedrock/} through AWS Bedrock's Converse and
 * ConverseStream APIs (AWS SDK for Java v2). Found by {@link java.util.ServiceLoader}: having
 * duo-bedrock on the class path is all it takes.
 *
 * <p>Credentials: {@code AWS_BEARER_TOKEN_BEDROCK} (a Bedrock API key), else
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}), else the AWS
 * default chain (profiles via {@code AWS_PROFILE}, SSO, instance and container roles). Region: the
 * model's {@code region}, else {@code AWS_REGION}, else us-east-1. Endpoint: the model's
 * {@code endpoint}, else {@code AWS_BEDROCK_RUNTIME_ENDPOINT}, else the regional Bedrock endpoint.
 * The SDK's own retries are off: the core pipeline retries.
 *
 * <pre>{@code
 * SelfHostedModel model = SelfHostedModel.builder()
 *         .name("Claude Sonnet 4 [Bedrock]")
 *         .family(ModelFamily.CLAUDE_3)
 *         .identifier("bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0")
 *         .region("us-west-2")
 *         .build();
 * try (BedrockProvider provider = new BedrockProvider();
 *      ModelClient client = provider.createClient(ProviderContext.builder(model).environment(System.getenv()).build())) {
 *     Completion c = client.complete(ModelRequest.builder().messages(List.of(Message.user("Hi"))).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe. One SDK client pair is shared by every model with the same region, credentials,
 * endpoint and settings; {@link #close()} closes them all.
 */
public final class BedrockProvider implements ModelProvider {

    /** The platform id served. */
    public static final String PLATFORM = "bedrock";

    // Made for the first Bedrock model: a DuoClient that has none loads no AWS SDK class at start-up.
    private AwsSdkClientCache clients;   // guarded by this
    private boolean closed;              // guarded by this

    /** A provider; the core makes one per {@code DuoClient}. */
    public BedrockProvider() {
    }

    @Override
    public Set<String> platforms() {
        return Set.of(PLATFORM);
    }

    /**
     * A client for one Bedrock model.
     *
     * @throws dev.duo.MissingCredentialsException when no AWS credentials or API key can be found,
     *     naming the variables and profile to set
     * @throws dev.duo.InvalidConfigException when the endpoint override is unusable
     * @throws IllegalStateException when the provider is closed
     */
    @Override
    public ModelClient createClient(ProviderContext context) {
        AwsSdkClientCache cache = clients();
        BedrockSettings settings = BedrockSettings.resolve(context);
        cache.verifyCredentials(settings.key(), settings.modelName());
        return new BedrockModelClient(settings, cache, System::nanoTime);
    }

    private synchronized AwsSdkClientCache clients() {
        if (closed || clients != null && clients.isClosed()) {
            throw new IllegalStateException("the Bedrock provider is closed: its DuoClient was closed");
        }
        if (clients == null) {
            clients = new AwsSdkClientCache();
        }
        return clients;
    }

    /** Closes every SDK client and credentials chain of this provider; idempotent. */
    @Override
    public void close() {
        AwsSdkClientCache c;
        synchronized (this) {
            closed = true;
            c = clients;
        }
        if (c != null) {
            c.close();
        }
    }
}
