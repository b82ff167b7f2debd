package dev.duo.bedrock.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeParams;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;

/**
 * The SDK's auth scheme provider with a preferred scheme (bearer or SigV4, fixed by Duo's
 * configuration), its answer kept per operation and region: the SDK asks on every call, and its
 * preferring provider re-sorts the options each time (about 1.7 KB of garbage per call), though the
 * answer depends on nothing but those two (the options are immutable).
 *
 * <pre>{@code
 * builder.authSchemeProvider(new FixedAuthSchemes(List.of("sigv4")));
 * }</pre>
 */
final class FixedAuthSchemes implements BedrockRuntimeAuthSchemeProvider {

    /** The operations a client ever calls are a handful: beyond this, answers are not kept. */
    static final int MAX_KEPT = 64;

    private final BedrockRuntimeAuthSchemeProvider delegate;
    // by operation; a client has one region, so a different one is simply asked for again
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(Region region, List<AuthSchemeOption> options) {
    }

    FixedAuthSchemes(List<String> preferred) {
        this.delegate = BedrockRuntimeAuthSchemeProvider.defaultProvider(preferred);
    }

    @Override
    public List<AuthSchemeOption> resolveAuthScheme(BedrockRuntimeAuthSchemeParams params) {
        Kept k = kept.get(params.operation());
        if (k != null && java.util.Objects.equals(k.region(), params.region())) {
            return k.options();
        }
        List<AuthSchemeOption> options = List.copyOf(delegate.resolveAuthScheme(params));
        if (k != null || kept.size() < MAX_KEPT) {
            kept.put(params.operation(), new Kept(params.region(), options));
        }
        return options;
    }
}
