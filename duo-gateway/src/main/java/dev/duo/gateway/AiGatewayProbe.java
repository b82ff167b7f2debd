package dev.duo.gateway;

import dev.duo.DuoException;
import dev.duo.InvalidInputException;
import dev.duo.config.AiGatewaySettings;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.PromptCall;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What {@code duo verify --probe} asks of a running AI gateway, without calling a model: is it up
 * ({@code GET /monitoring/healthz}, the gateway's unauthenticated liveness endpoint), and does it
 * serve a feature's prompt to this token (a prompt call with no inputs: the gateway authenticates,
 * finds the prompt and version, then refuses the call for its missing inputs with 422 before any
 * model is called, which is the answer that proves all of that works).
 *
 * <pre>{@code
 * try (AiGatewayProbe probe = AiGatewayProbe.of(config, System.getenv())) {
 *     AiGatewayProbe.Result up = probe.health();
 *     AiGatewayProbe.Result served = probe.prompt(feature, null);   // vendored: the gateway's default model
 * }
 * }</pre>
 */
public final class AiGatewayProbe implements AutoCloseable {

    /** Short: a probe answers whether the gateway is there, not whether it is fast. */
    static final Timeouts PROBE_TIMEOUTS = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(10));

    /**
     * One probe's outcome.
     *
     * @param ok whether the gateway answered as a working gateway does
     * @param message what it answered, or what is wrong and how to fix it
     */
    public record Result(boolean ok, String message) {
    }

    private final AiGatewaySettings settings;
    private final Map<String, String> environment;
    private final AiGatewayProvider provider = new AiGatewayProvider();
    private final ProviderContext context;

    private AiGatewayProbe(DuoConfig config, Map<String, String> environment) {
        this.settings = config.aiGateway().orElseThrow(() -> new IllegalArgumentException(
                "no ai_gateway is configured: add 'ai_gateway: { url: http://localhost:5052 }' to duo.yml"));
        this.environment = Map.copyOf(environment);
        SelfHostedModel endpoint = settings.toBuilder().timeouts(PROBE_TIMEOUTS).build().asEndpoint();
        Secret token = settings.token().map(t -> t.resolve(this.environment)).orElse(null);
        this.context = ProviderContext.builder(endpoint).apiKey(token).http(config.http())
                .customModelsEnabled(config.customModelsEnabled())
                .customEndpointAllowlist(config.customEndpointAllowlist()).build();
    }

    /**
     * A probe of the configuration's gateway.
     *
     * @throws IllegalArgumentException when the configuration has no ai_gateway
     * @throws dev.duo.MissingCredentialsException when the token's variable is unset
     */
    public static AiGatewayProbe of(DuoConfig config, Map<String, String> environment) {
        return new AiGatewayProbe(Objects.requireNonNull(config, "config"), environment);
    }

    /** {@code GET /monitoring/healthz}, after the endpoint policy every model endpoint passes. */
    public Result health() {
        URI url = settings.url();
        try {
            // The endpoint policy first (creating the client applies it), then the same proxy and
            // trust store as the calls themselves.
            provider.createClient(context).close();
            OkHttpClient shared = OkHttpFactory.shared(context.http());
            OkHttpClient http = OkHttpFactory.forModel(shared, context.http()).newBuilder()
                    .connectTimeout(PROBE_TIMEOUTS.connect()).callTimeout(PROBE_TIMEOUTS.attempt()).build();
            try (Response r = http.newCall(new Request.Builder().url(url.resolve("/monitoring/healthz").toString()).get()
                    .build()).execute()) {
                return r.isSuccessful() ? new Result(true, url + " is up (GET /monitoring/healthz: HTTP " + r.code() + ")")
                        : new Result(false, "The AI gateway at " + url + " answered GET /monitoring/healthz with HTTP "
                                + r.code() + ": check that ai_gateway.url is the gateway's base URL and its logs");
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        } catch (DuoException e) {
            return new Result(false, e.getMessage());
        } catch (IOException e) {
            return new Result(false, "Cannot reach the AI gateway at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): check ai_gateway.url, that the gateway"
                    + " is running, the network and any proxy");
        }
    }

    /**
     * Whether the gateway serves the feature's prompt, at its version constraint, to this token, for
     * this routed model (null for the gateway's default model).
     */
    public Result prompt(Feature feature, SelfHostedModel routed) {
        PromptCall.Builder call = PromptCall.builder(feature.promptId()).version(feature.promptVersion()).inputs(Map.of());
        if (routed != null) {
            call.model(routed.toBuilder().timeouts(PROBE_TIMEOUTS).build());
            call.modelApiKey(routed.apiKey().map(k -> k.resolve(environment)).orElse(null));
        }
        String what = feature.promptId() + "@" + feature.promptVersion();
        try (ModelClient client = provider.createClient(context)) {
            client.complete(ModelRequest.builder().promptCall(call.build()).build(), Attempt.of(PROBE_TIMEOUTS));
            return new Result(true, "the gateway serves " + what + " (it answered a call without inputs)");
        } catch (InvalidInputException e) {
            // The prompt exists and the token may use it: only its inputs are missing, as intended.
            return new Result(true, "the gateway serves " + what);
        } catch (DuoException e) {
            return new Result(false, e.getMessage());
        }
    }

    @Override
    public void close() {
        provider.close();
    }
}
