package dev.duo.micrometer;

import dev.duo.DuoException;
import dev.duo.Usage;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import dev.duo.call.RoutingEvent;
import dev.duo.spi.RequestMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records the OpenTelemetry GenAI client metrics of every Duo call in a Micrometer
 * {@link MeterRegistry}:
 *
 * <ul>
 *   <li>{@value #OPERATION_DURATION} (a timer, seconds): the whole call, retries included;</li>
 *   <li>{@value #TOKEN_USAGE} (a distribution, {@code {token}}), tagged {@code gen_ai.token.type}
 *       {@code input} or {@code output}, on success when the provider reported usage;</li>
 *   <li>{@value #TIME_TO_FIRST_CHUNK} (a timer, seconds): from the start of a stream to its first chunk;</li>
 *   <li>{@value #RETRIES} (a counter): attempts that failed and were retried, tagged with the error;</li>
 *   <li>{@value #ROUTING} (a counter): routing events (a fallback, a circuit opening, half-opening or
 *       closing, a rate-limit pause), tagged {@code duo.routing.event} and {@code duo.model} (OpenTelemetry
 *       has no convention for these).</li>
 * </ul>
 *
 * <p>Tags: {@code gen_ai.operation.name} ({@code chat}, {@code text_completion}),
 * {@code gen_ai.provider.name} ({@code aws.bedrock}, {@code fireworks_ai} ...), {@code gen_ai.request.model}
 * (the model id sent), {@code error.type} (the exception's class name, {@code none} on success: Micrometer
 * registries such as Prometheus want one tag set per meter name) and {@code duo.feature} ({@code none} for
 * a raw model call). Every value comes from configuration or the SDK's own types, never from inputs or
 * prompt text; and at most {@value #MAX_TAG_SETS} tag sets are kept per listener (beyond that, calls are
 * recorded under {@code _other} values), so a misconfiguration cannot flood the registry.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * DuoClient duo = DuoClient.builder().listener(DuoMicrometer.listener(registry)).build();
 * }</pre>
 */
public final class DuoMicrometer implements CallListener {

    /** The call's duration, in seconds. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Tokens used, by {@code gen_ai.token.type}. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Time from the start of a stream to its first chunk, in seconds. */
    public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    /** Failed attempts that were retried. */
    public static final String RETRIES = "duo.client.retries";
    /** Routing events, by kind and model. */
    public static final String ROUTING = "duo.client.routing.events";
    /** The most distinct tag sets one listener keeps. */
    public static final int MAX_TAG_SETS = 1000;

    static final String NONE = "none";
    static final String OTHER = "_other";

    // The semantic conventions' advised bucket boundaries.
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};

    private final MeterRegistry registry;
    // Meters cached by tag values: a call costs a map lookup, not a registry lookup.
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    private DuoMicrometer(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A listener recording into {@code registry}; install it with {@code DuoClient.Builder.listener}. */
    public static CallListener listener(MeterRegistry registry) {
        return new DuoMicrometer(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void onFirstToken(CallEvent e) {
        e.timeToFirstToken().ifPresent(ttft -> meters(e, NONE).firstChunk().record(ttft));
    }

    @Override
    public void onRetry(CallEvent e) {
        meters(e, errorType(e)).retries().increment();
    }

    @Override
    public void onResponse(CallEvent e) {
        Meters m = meters(e, NONE);
        e.latency().ifPresent(m.duration()::record);
        e.usage().filter(u -> !u.equals(Usage.UNKNOWN)).ifPresent(u -> {
            m.inputTokens().record(u.inputTokens());
            m.outputTokens().record(u.outputTokens());
        });
    }

    @Override
    public void onError(CallEvent e) {
        e.latency().ifPresent(meters(e, errorType(e)).duration()::record);
    }

    @Override
    public void onRouting(RoutingEvent e) {
        // Kinds are an enum and models come from the configuration: a bounded set of tags.
        registry.counter(ROUTING, Tags.of(RoutingEvent.EVENT, e.kind().name().toLowerCase(java.util.Locale.ROOT),
                "duo.model", e.model())).increment();
    }

    private static String errorType(CallEvent e) {
        return e.error().map(DuoException::getClass).map(Class::getName).orElse(NONE);
    }

    private Meters meters(CallEvent e, String errorType) {
        Key key = new Key(e.request().mode() == RequestMode.TEXT ? "text_completion" : "chat",
                providerName(e.provider()), e.context().model().identifier().modelId(), errorType,
                e.feature().orElse(NONE));
        Meters m = meters.get(key);
        if (m != null) {
            return m;
        }
        if (meters.size() >= MAX_TAG_SETS) {
            key = new Key(key.operation, OTHER, OTHER, key.errorType.equals(NONE) ? NONE : OTHER, OTHER);
        }
        return meters.computeIfAbsent(key, this::register);
    }

    /** The {@code gen_ai.provider.name} of a platform id (the conventions' names where they have one). */
    static String providerName(String platform) {
        return switch (platform) {
            case "bedrock" -> "aws.bedrock";
            case "openai" -> "openai";
            default -> platform;
        };
    }

    private Meters register(Key k) {
        return new Meters(registry, Tags.of("gen_ai.operation.name", k.operation, "gen_ai.provider.name", k.provider,
                "gen_ai.request.model", k.model, "error.type", k.errorType, "duo.feature", k.feature));
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * TimeUnit.SECONDS.toNanos(1)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "DuoMicrometer{" + registry.getClass().getSimpleName() + ", " + meters.size() + " tag sets}";
    }

    private record Key(String operation, String provider, String model, String errorType, String feature) {
    }

    /**
     * One tag set's meters, each registered when first needed (so an error's tag set exports no empty
     * token histogram, a blocking call's no empty first-chunk timer). Registering twice is harmless:
     * the registry hands back the meter it has.
     */
    private static final class Meters {
        private final MeterRegistry registry;
        private final Tags tags;
        private volatile Timer duration;
        private volatile Timer firstChunk;
        private volatile DistributionSummary inputTokens;
        private volatile DistributionSummary outputTokens;
        private volatile Counter retries;

        Meters(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        Timer duration() {
            Timer t = duration;
            if (t == null) {
                duration = t = Timer.builder(OPERATION_DURATION).description("GenAI operation duration")
                        .tags(tags).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
            }
            return t;
        }

        Timer firstChunk() {
            Timer t = firstChunk;
            if (t == null) {
                firstChunk = t = Timer.builder(TIME_TO_FIRST_CHUNK).description("Time to the first chunk of a stream")
                        .tags(tags).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
            }
            return t;
        }

        DistributionSummary inputTokens() {
            DistributionSummary d = inputTokens;
            if (d == null) {
                inputTokens = d = tokens("input");
            }
            return d;
        }

        DistributionSummary outputTokens() {
            DistributionSummary d = outputTokens;
            if (d == null) {
                outputTokens = d = tokens("output");
            }
            return d;
        }

        Counter retries() {
            Counter c = retries;
            if (c == null) {
                retries = c = Counter.builder(RETRIES).description("Failed attempts that were retried")
                        .tags(tags).register(registry);
            }
            return c;
        }

        private DistributionSummary tokens(String type) {
            return DistributionSummary.builder(TOKEN_USAGE).description("Measures number of input and output tokens used")
                    .baseUnit("{token}").tags(tags).tag("gen_ai.token.type", type)
                    .serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
        }
    }
}
