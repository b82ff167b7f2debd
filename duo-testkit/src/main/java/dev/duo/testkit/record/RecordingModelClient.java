package dev.duo.testkit.record;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Secret;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.internal.record.RecordingScrubber;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real {@link ModelClient} and records every successful exchange, secrets scrubbed, for
 * {@link ReplayModelClient} to serve offline later. Failed attempts are not recorded (a replay
 * answers the retry that succeeded). Closing it closes the wrapped client.
 *
 * <p>Scrubbed are: the secrets you name, every environment variable whose name says key, secret,
 * token or password, and whatever the SDK's log redactor recognises (bearer tokens, {@code
 * "api_key": "..."} fields, AWS access key ids, Fireworks keys). Before a file is written it is
 * checked again for every known secret value.
 *
 * <pre>{@code
 * try (RecordingModelClient rec = RecordingModelClient.builder(realClient).model("Mixtral [Fireworks]").build();
 *      DuoClient duo = TestClients.wiredTo(rec)) {
 *     duo.feature("code_generations").generate(Map.of("user_instruction", "a CSV parser"));
 *     rec.write(Path.of("src/test/resources/duo-recordings/MyTest/csv.json"));
 * }
 * }</pre>
 */
public final class RecordingModelClient implements ModelClient, CallLog {

    private final ModelClient delegate;
    private final String model;
    private final RecordingScrubber scrubber;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    private RecordingModelClient(Builder b) {
        this.delegate = b.delegate;
        this.model = b.model;
        this.scrubber = RecordingScrubber.of(b.secrets, b.environment);
    }

    /** A builder around {@code delegate}, the client that really answers. */
    public static Builder builder(ModelClient delegate) {
        return new Builder(delegate);
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        requests.add(request);
        return recorded(request, delegate.complete(request, attempt));
    }

    @Override
    public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        requests.add(request);
        return delegate.completeAsync(request, attempt).thenApply(c -> recorded(request, c));
    }

    private Completion recorded(ModelRequest request, Completion c) {
        String text = c.text();
        exchanges.add(exchange(request, false, text.isEmpty() ? List.of() : List.of(text), c));
        return c;
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        requests.add(request);
        List<String> chunks = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        open.incrementAndGet();
        try {
            return delegate.stream(request, attempt, new StreamListener() {
                @Override
                public void onChunk(String text) {
                    chunks.add(text);
                    listener.onChunk(text);
                }

                @Override
                public void onComplete(Completion done) {
                    exchanges.add(exchange(request, true, chunks, done));
                    end();
                    listener.onComplete(done);
                }

                @Override
                public void onError(DuoException error) {
                    end();
                    listener.onError(error);
                }

                private void end() {
                    if (ended.compareAndSet(false, true)) {
                        open.decrementAndGet();
                    }
                }
            });
        } catch (RuntimeException e) {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
            throw e;
        }
    }

    private Exchange exchange(ModelRequest request, boolean streamed, List<String> chunks, Completion c) {
        ModelRequest r = scrubber.scrub(request);
        List<String> scrubbedChunks = new ArrayList<>();
        for (String ch : chunks) {
            scrubbedChunks.add(scrubber.scrub(ch));
        }
        String whole = scrubber.scrub(String.join("", chunks));
        if (!String.join("", scrubbedChunks).equals(whole)) {
            // a secret straddles chunk boundaries: no single chunk shows it whole, so keep one scrubbed chunk
            scrubbedChunks = List.of(whole);
        }
        return new Exchange(r.feature().orElse(null), model, streamed, r.mode(), r.messages(), r.params(),
                scrubber.scrub(c.text()), scrubbedChunks, c.finishReason(), c.usage(),
                c.requestId().map(scrubber::scrub).orElse(null));
    }

    /** What has been recorded so far. */
    public Recording recording() {
        return new Recording(exchanges);
    }

    /**
     * Writes what has been recorded to {@code file} (pretty JSON).
     *
     * @throws IllegalStateException if, against every expectation, a known secret is still in it
     */
    public void write(Path file) {
        Recording r = recording();
        if (scrubber.leaks(r.toJson())) {
            throw new IllegalStateException("refusing to write " + file + ": a known secret survived scrubbing");
        }
        r.write(file);
    }

    @Override
    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** Streams started and not yet ended. */
    public int openStreams() {
        return open.get();
    }

    /** Closes the wrapped client. */
    @Override
    public void close() {
        delegate.close();
    }

    /** Builds a {@link RecordingModelClient}. */
    public static final class Builder {
        private final ModelClient delegate;
        private String model = "recorded-model";
        private final List<String> secrets = new ArrayList<>();
        private Map<String, String> environment = System.getenv();

        private Builder(ModelClient delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** The model's name written into each exchange (the client itself does not know it). */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** A secret to scrub wherever it appears. */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret").reveal());
            return this;
        }

        /** Secret values to scrub wherever they appear. */
        public Builder secretValues(List<String> values) {
            secrets.addAll(values);
            return this;
        }

        /** The environment whose secret-named variables are scrubbed (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Builds. */
        public RecordingModelClient build() {
            return new RecordingModelClient(this);
        }
    }
}
