package dev.duo.bedrock.internal;

import dev.duo.MissingCredentialsException;
import dev.duo.bedrock.internal.BedrockSettings.ClientKey;
import dev.duo.model.Timeouts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of one provider instance: one sync client (Converse, Apache 5 HTTP client) and one
 * async client (ConverseStream, Netty) per {@link ClientKey}, built on first use and closed together.
 *
 * <p>Both are configured alike: SDK retries off (the core pipeline retries, so attempts are not
 * multiplied), call and attempt timeouts from the model's deadlines, the wire-logging interceptor
 * when asked for, and authentication fixed explicitly (bearer or SigV4) so that a stray
 * {@code AWS_BEARER_TOKEN_BEDROCK} in the process environment cannot change it behind the
 * configuration's back.
 */
public final class AwsSdkClientCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsSdkClientCache.class);
    /** Where the AWS SDK's SigV4 signer logs canonical requests (with the session token) at DEBUG. */
    static final String SIGNER_LOGGER = "software.amazon.awssdk.http.auth.aws.internal.signer";
    /** Where Apache HttpClient 5 logs every request header at DEBUG. */
    static final String APACHE_HEADERS_LOGGER = "org.apache.hc.client5.http.headers";
    /** Where Apache HttpClient 5 logs the bytes on the wire at DEBUG. */
    static final String APACHE_WIRE_LOGGER = "org.apache.hc.client5.http.wire";
    /** Where Netty (the async transport) logs every request written, headers included, at DEBUG. */
    static final String NETTY_LOGGER = "io.netty.handler.logging.LoggingHandler";
    private static volatile boolean wireLoggersWarned;
    /** Concurrent streams per key: LLM streams are long, the Netty default of 50 is far too low. */
    static final int MAX_CONCURRENCY = 1024;
    /** Pooled connections of the sync client per key. */
    static final int MAX_CONNECTIONS = 256;

    private final Map<ClientKey, BedrockRuntimeClient> sync = new ConcurrentHashMap<>();
    private final Map<ClientKey, BedrockRuntimeAsyncClient> async = new ConcurrentHashMap<>();
    private final Map<ClientKey, BedrockRuntimeAsyncClient> asyncWhole = new ConcurrentHashMap<>();
    private final List<SdkAutoCloseable> transports = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, DefaultCredentialsProvider> chains = new ConcurrentHashMap<>();
    // One Netty event loop for every async client of this provider: a group per client would
    // start 2 x cores threads for each region/credentials combination.
    private SdkEventLoopGroup eventLoop;
    // One timer pool for every SDK client of this provider (see SdkTimers), made on first use.
    private SdkTimers timers;
    private volatile boolean closed;

    /** The sync client for this key. */
    public BedrockRuntimeClient sync(ClientKey key) {
        checkOpen();
        return sync.computeIfAbsent(key, this::buildSync);
    }

    /** The async client for streams of this key (its read timeout is the idle timeout). */
    public BedrockRuntimeAsyncClient async(ClientKey key) {
        checkOpen();
        return async.computeIfAbsent(key, k -> buildAsync(k, true));
    }

    /**
     * The async client for whole answers of this key: a Converse answer arrives whole after
     * generation, so its read timeout is the attempt's, as the sync client's socket timeout is.
     */
    public BedrockRuntimeAsyncClient asyncWhole(ClientKey key) {
        checkOpen();
        return asyncWhole.computeIfAbsent(key, k -> buildAsync(k, false));
    }

    /**
     * Checks that the key's credentials can be found, so a missing setup fails when the model is
     * first used, with a message naming the fix, rather than deep inside a call.
     *
     * @throws MissingCredentialsException when the default chain finds nothing
     */
    public void verifyCredentials(ClientKey key, String modelName) {
        if (key.auth().kind() != AwsAuth.Kind.DEFAULT_CHAIN) {
            return;
        }
        try {
            chain(key.auth()).resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            // The SDK's message lists the providers it tried; it holds no secret, but it is long: keep it as the cause.
            throw new MissingCredentialsException(AwsAuth.missingMessage(modelName, key.auth().profile()), e,
                    dev.duo.ErrorContext.builder().provider("bedrock").model(modelName).build());
        }
    }

    private DefaultCredentialsProvider chain(AwsAuth auth) {
        String profile = auth.profile() == null ? "" : auth.profile();
        return chains.computeIfAbsent(profile, p -> p.isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : DefaultCredentialsProvider.builder().profileName(p).build());
    }

    private BedrockRuntimeClient buildSync(ClientKey key) {
        var http = Apache5HttpClient.builder()
                .connectionTimeout(key.timeouts().connect())
                // A Converse answer arrives whole after generation, so the socket may stay silent for
                // as long as an attempt may last: a shorter read timeout would kill long generations.
                .socketTimeout(key.timeouts().attempt())
                .connectionAcquisitionTimeout(key.timeouts().connect())
                .maxConnections(MAX_CONNECTIONS);
        key.http().proxyUrl().ifPresent(p -> http.proxyConfiguration(
                software.amazon.awssdk.http.apache5.ProxyConfiguration.builder().endpoint(p).build()));
        TrustStores.trustManagers(key.http()).ifPresent(http::tlsTrustManagersProvider);
        // Wrapped so that cancelling an attempt aborts its request (the SDK then does not own it: closed here).
        SyncTransport transport = new SyncTransport(http.build());
        transports.add(transport);
        var b = BedrockRuntimeClient.builder().httpClient(transport);
        configure(b, key, wholeAnswerDeadline(key.timeouts()), false);
        applyAuth(key, b::tokenProvider, b::authSchemeProvider, b::credentialsProvider);
        LOG.debug("built Bedrock sync client for {}", key);
        return b.build();
    }

    private BedrockRuntimeAsyncClient buildAsync(ClientKey key, boolean streams) {
        var http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(eventLoop())
                .maxConcurrency(MAX_CONCURRENCY)
                .connectionTimeout(key.timeouts().connect())
                .connectionAcquisitionTimeout(key.timeouts().connect())
                // A stream that stays silent this long is stalled; a whole answer may take its attempt.
                .readTimeout(streams ? key.timeouts().idle() : key.timeouts().attempt())
                .writeTimeout(streams ? key.timeouts().idle() : key.timeouts().attempt());
        URI endpoint = key.endpoint();
        if (endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())) {
            // Plain-HTTP endpoints (local fakes, proxies) cannot negotiate HTTP/2: without this the
            // Netty client may try h2c and hang or fail.
            http.protocol(Protocol.HTTP1_1);
        }
        key.http().proxyUrl().ifPresent(p -> http.proxyConfiguration(
                software.amazon.awssdk.http.nio.netty.ProxyConfiguration.builder()
                        .scheme(p.getScheme()).host(p.getHost())
                        .port(p.getPort() > 0 ? p.getPort() : "https".equalsIgnoreCase(p.getScheme()) ? 443 : 80)
                        .build()));
        TrustStores.trustManagers(key.http()).ifPresent(http::tlsTrustManagersProvider);
        var b = BedrockRuntimeAsyncClient.builder().httpClientBuilder(http);
        configure(b, key, streams ? streamDeadline(key.timeouts()) : wholeAnswerDeadline(key.timeouts()), true);
        applyAuth(key, b::tokenProvider, b::authSchemeProvider, b::credentialsProvider);
        LOG.debug("built Bedrock async client for {}", key);
        return b.build();
    }

    private synchronized SdkEventLoopGroup eventLoop() {
        if (eventLoop == null) {
            eventLoop = SdkEventLoopGroup.builder().build();
        }
        return eventLoop;
    }

    /**
     * The call and attempt timeout the whole-answer clients are built with: a first attempt's budget
     * under these deadlines, so that a request with that budget needs no per-request override.
     */
    public static Duration wholeAnswerDeadline(Timeouts t) {
        return t.attempt().compareTo(t.total()) < 0 ? t.attempt() : t.total();
    }

    /** The call and attempt timeout the streaming client is built with: a stream lives up to the call's total. */
    public static Duration streamDeadline(Timeouts t) {
        return t.total();
    }

    private synchronized SdkTimers timers() {
        if (timers == null) {
            timers = new SdkTimers();
        }
        return timers;
    }

    /** @param limitAnswers whether an interceptor bounds whole answers (the sync client's transport does it itself) */
    private void configure(AwsClientBuilder<?, ?> b, ClientKey key, Duration deadline, boolean limitAnswers) {
        b.region(Region.of(key.region()));
        if (key.endpoint() != null) {
            b.endpointOverride(key.endpoint());
        }
        b.overrideConfiguration(o -> {
            // The bound of the per-request override the mapper sends when a call's budget differs
            // (ConverseMapper). With one attempt per SDK call (its retries are off) the attempt timeout
            // is the call's: an apiCallTimeout as well would start a second SDK timer task per call.
            o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(deadline)
                    .scheduledExecutorService(timers().executor());
            if (limitAnswers) {
                o.addExecutionInterceptor(new ResponseSizeLimit());
            }
            if (key.wireLogging()) {
                o.addExecutionInterceptor(new WireLoggingInterceptor());
            }
        });
    }

    private void applyAuth(ClientKey key,
            java.util.function.Consumer<StaticTokenProvider> token,
            java.util.function.Consumer<BedrockRuntimeAuthSchemeProvider> scheme,
            java.util.function.Consumer<AwsCredentialsProvider> credentials) {
        AwsAuth auth = key.auth();
        switch (auth.kind()) {
            case BEARER -> {
                warnIfWireLoggersLogSecrets(true);
                String value = auth.bearerToken();
                token.accept(StaticTokenProvider.create(() -> value));
                scheme.accept(new FixedAuthSchemes(List.of("httpBearerAuth")));
            }
            case STATIC -> {
                warnIfWireLoggersLogSecrets(auth.sessionToken() != null);
                credentials.accept(StaticCredentialsProvider.create(auth.sessionToken() == null
                        ? AwsBasicCredentials.create(auth.accessKeyId(), auth.secretAccessKey())
                        : AwsSessionCredentials.create(auth.accessKeyId(), auth.secretAccessKey(), auth.sessionToken())));
                scheme.accept(new FixedAuthSchemes(List.of("sigv4")));
            }
            case DEFAULT_CHAIN -> {
                warnIfWireLoggersLogSecrets(true);
                credentials.accept(chain(auth));
                scheme.accept(new FixedAuthSchemes(List.of("sigv4")));
            }
        }
    }

    /**
     * Third-party loggers write credentials at DEBUG: the AWS SDK's SigV4 signer logs each
     * canonical request, which holds the {@code X-Amz-Security-Token} value, and Apache HttpClient
     * (the sync transport) and Netty (the async one) log every header, {@code Authorization} (a bearer
     * token) and {@code X-Amz-Security-Token} included. Nothing here can stop their logging, so say so once,
     * naming the loggers to raise.
     */
    private static void warnIfWireLoggersLogSecrets(boolean secretHeaders) {
        if (!secretHeaders || wireLoggersWarned) {
            return;
        }
        List<String> loud = new ArrayList<>();
        for (String name : List.of(SIGNER_LOGGER, APACHE_HEADERS_LOGGER, APACHE_WIRE_LOGGER, NETTY_LOGGER)) {
            if (LoggerFactory.getLogger(name).isDebugEnabled()) {
                loud.add(name);
            }
        }
        if (!loud.isEmpty()) {
            wireLoggersWarned = true;
            LOG.warn("loggers {} are at DEBUG: the AWS SDK and its HTTP client log request headers there,"
                    + " session tokens and bearer tokens included; set them to INFO or above", loud);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Bedrock provider is closed");
        }
    }

    /** Closes every client and credentials chain built so far. */
    @Override
    public void close() {
        closed = true;
        List<SdkAutoCloseable> all = new ArrayList<>();
        all.addAll(sync.values());
        all.addAll(async.values());
        all.addAll(asyncWhole.values());
        all.addAll(transports);
        all.addAll(chains.values());
        sync.clear();
        async.clear();
        asyncWhole.clear();
        transports.clear();
        chains.clear();
        for (SdkAutoCloseable c : all) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a Bedrock SDK client failed: {}", e.toString());
            }
        }
        SdkEventLoopGroup group;
        SdkTimers t;
        synchronized (this) {
            group = eventLoop;
            eventLoop = null;
            t = timers;
            timers = null;
        }
        if (t != null) {
            t.close(); // the clients do not own an executor they were given
        }
        if (group != null) {
            // The clients do not own a group they were given: shut it down, without waiting for the quiet period.
            group.eventLoopGroup().shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
