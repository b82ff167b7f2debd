package dev.duo.reliability;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.call.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/**
 * A real {@link DuoClient} configured the way a service would configure it (a duo.yml naming the
 * model with {@code ${VAR}} key references, credentials and every logging switch in the
 * environment), with short deadlines and short retry waits, calling one provider at one endpoint.
 */
final class Rig implements AutoCloseable {

    enum Provider { FIREWORKS, BEDROCK }

    /**
     * 500 ms to connect, 1 s an attempt, 3 s in all, 1 s of stream silence (a fresh Bedrock client
     * starts its Netty event loop on its first stream: on a loaded machine that takes hundreds of ms).
     */
    static final Duration ATTEMPT = Duration.ofSeconds(1);
    static final Duration TOTAL = Duration.ofSeconds(3);
    /** What a call may take beyond its total deadline (scheduling, closing sockets). */
    static final Duration SLACK = Duration.ofSeconds(2);
    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(20), 2.0, 0.5, Duration.ofMillis(200));

    static final String FIREWORKS_MODEL = "Mixtral [reliability]";
    static final String BEDROCK_MODEL = "Claude [reliability]";
    static final Map<String, String> INPUTS = Map.of(
            "user_instruction", "Write a function that adds two numbers",
            "language", "java", "file_name", "Add.java");

    final DuoClient client;
    final OpenAiCompatibleProvider openAi = new OpenAiCompatibleProvider();

    /** One model per provider (either endpoint may be null), {@code code_generations} on {@code feature}'s provider. */
    Rig(Path dir, Provider feature, URI fireworksEndpoint, URI bedrockEndpoint, boolean bearer, RetryPolicy retry) {
        this(dir, feature, fireworksEndpoint, bedrockEndpoint, bearer, retry, "{ connect: 500ms, attempt: 1s, total: 3s, idle: 1s }");
    }

    /**
     * As above with these timeouts; with both endpoints, {@code generate_commit_message} is served
     * by the Bedrock model too.
     */
    Rig(Path dir, Provider feature, URI fireworksEndpoint, URI bedrockEndpoint, boolean bearer, RetryPolicy retry,
        String timeoutsYaml) {
        // The beta opt-in: generate_commit_message (a BETA feature) serves the load test.
        StringBuilder yml = new StringBuilder("beta_models_enabled: true\nmodels:\n");
        String timeouts = "    timeouts: " + timeoutsYaml + "\n";
        if (fireworksEndpoint != null) {
            yml.append("  - name: \"").append(FIREWORKS_MODEL).append("\"\n")
                    .append("    family: mixtral\n")
                    .append("    identifier: fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct\n")
                    .append("    endpoint: ").append(fireworksEndpoint).append('\n')
                    .append("    api_key: ${FIREWORKS_AI_API_KEY}\n")
                    .append(timeouts);
        }
        if (bedrockEndpoint != null) {
            yml.append("  - name: \"").append(BEDROCK_MODEL).append("\"\n")
                    .append("    family: claude_3\n")
                    .append("    identifier: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0\n")
                    .append("    endpoint: ").append(bedrockEndpoint).append('\n')
                    .append("    region: us-west-2\n")
                    .append(timeouts);
        }
        yml.append("features:\n  code_generations: { provider: self_hosted, model: \"")
                .append(feature == Provider.FIREWORKS ? FIREWORKS_MODEL : BEDROCK_MODEL).append("\" }\n");
        if (bedrockEndpoint != null) {
            yml.append("  generate_commit_message: { provider: self_hosted, model: \"").append(BEDROCK_MODEL).append("\" }\n");
        }
        Map<String, String> env = new HashMap<>(Secrets.LOGGING_ON);
        env.put("FIREWORKS_AI_API_KEY", Secrets.FIREWORKS_KEY);
        if (bearer) {
            env.put("AWS_BEARER_TOKEN_BEDROCK", Secrets.BEARER_TOKEN);
        } else {
            env.put("AWS_ACCESS_KEY_ID", Secrets.AWS_ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", Secrets.AWS_SECRET_KEY);
            env.put("AWS_SESSION_TOKEN", Secrets.AWS_SESSION_TOKEN);
        }
        try {
            Path file = dir.resolve("duo.yml");
            Files.writeString(file, yml);
            client = DuoClient.builder().configFile(file).environment(env).workingDirectory(dir)
                    .provider(openAi).retryPolicy(retry).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What one call ended in.
     *
     * @param completion the answer, or null
     * @param error the error, or null
     * @param terminals terminal signals delivered (streams: must be exactly 1)
     * @param chunks chunks delivered before the end
     * @param elapsed how long the call took
     */
    record Outcome(Completion completion, Throwable error, int terminals, int chunks, Duration elapsed) {
        boolean ok() {
            return completion != null && error == null;
        }

        @Override
        public String toString() {
            return ok() ? "success in " + elapsed.toMillis() + " ms"
                    : error.getClass().getSimpleName() + " in " + elapsed.toMillis() + " ms (" + terminals
                            + " terminal signals, " + chunks + " chunks): " + error.getMessage();
        }
    }

    /** One whole call of {@code code_generation}. */
    Outcome generate() {
        return generate("code_generation", INPUTS);
    }

    /** One whole call. */
    Outcome generate(String feature, Map<String, ?> inputs) {
        long t0 = System.nanoTime();
        try {
            Completion c = client.feature(feature).generate(inputs);
            return new Outcome(c, null, 1, 0, since(t0));
        } catch (Throwable e) {
            return new Outcome(null, e, 1, 0, since(t0));
        }
    }

    /** One streamed call of {@code code_generation}, waiting for its terminal signal and a little after it for a second one. */
    Outcome stream(Duration linger) {
        return stream("code_generation", INPUTS, linger, TOTAL.plus(SLACK).multipliedBy(3));
    }

    /** One streamed call, waiting up to {@code max} for its terminal signal and {@code linger} after it. */
    Outcome stream(String feature, Map<String, ?> inputs, Duration linger, Duration max) {
        long t0 = System.nanoTime();
        AtomicInteger terminals = new AtomicInteger();
        AtomicInteger chunks = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        List<Object> ends = new CopyOnWriteArrayList<>();
        long[] endNanos = new long[1];
        try {
            client.feature(feature).stream(inputs, new StreamListener() {
                @Override
                public void onChunk(String text) {
                    chunks.incrementAndGet();
                }

                @Override
                public void onComplete(Completion completion) {
                    end(completion);
                }

                @Override
                public void onError(DuoException error) {
                    end(error);
                }

                private void end(Object o) {
                    ends.add(o);
                    endNanos[0] = System.nanoTime();
                    terminals.incrementAndGet();
                    done.countDown();
                }
            });
            if (!done.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome(null, new AssertionError("the stream never ended"), 0, chunks.get(), since(t0));
            }
            Duration elapsed = Duration.ofNanos(endNanos[0] - t0);
            if (!linger.isZero()) {
                Thread.sleep(linger.toMillis());
            }
            Object first = ends.get(0);
            return first instanceof Completion c
                    ? new Outcome(c, null, terminals.get(), chunks.get(), elapsed)
                    : new Outcome(null, (Throwable) first, terminals.get(), chunks.get(), elapsed);
        } catch (Throwable e) {
            return new Outcome(null, e, terminals.get() + 1, chunks.get(), since(t0));
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The OpenAI-compatible provider's shared OkHttp client (null before its first call or after close). */
    OkHttpClient okHttp() {
        try {
            Field f = OpenAiCompatibleProvider.class.getDeclaredField("shared");
            f.setAccessible(true);
            return (OkHttpClient) f.get(openAi);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("OpenAiCompatibleProvider has no field 'shared' any more: update this test", e);
        }
    }

    /** OkHttp connections in use (pooled but not idle); 0 when there is no client. */
    int okHttpInUse() {
        OkHttpClient h = okHttp();
        return h == null ? 0 : h.connectionPool().connectionCount() - h.connectionPool().idleConnectionCount();
    }

    @Override
    public void close() {
        client.close();
    }
}
