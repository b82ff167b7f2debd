package dev.duo.testkit.record;

import dev.duo.Completion;
import dev.duo.ErrorContext;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Secret;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.internal.fake.CallFormat;
import dev.duo.testkit.internal.fake.FakeStream;
import dev.duo.testkit.internal.record.RequestDiff;
import dev.duo.testkit.internal.record.RecordingScrubber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link ModelClient} that answers from a {@link Recording}, offline: each request gets the first
 * exchange not yet used whose request equals it (after the same secret scrubbing the recorder
 * applied), with the recorded text, finish reason, usage and request id; a stream gets the
 * recorded chunks. A request no exchange answers fails with a {@link ReplayMismatchException} that
 * shows, field by field, how it differs from the closest exchange; {@link #mismatches()} keeps
 * them, so a test whose code swallowed the error can still fail.
 *
 * <pre>{@code
 * try (ReplayModelClient replay = ReplayModelClient.builder(Recording.read(file)).source(file.toString()).build();
 *      DuoClient duo = TestClients.wiredTo(replay)) {
 *     Completion c = duo.feature("code_generations").generate(Map.of("user_instruction", "a CSV parser"));
 *     replay.assertAllReplayed();
 * }
 * }</pre>
 */
public final class ReplayModelClient implements ModelClient, CallLog {

    private final List<Exchange> exchanges;
    private final boolean[] used;
    private final String source;
    private final RecordingScrubber scrubber;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> mismatches = new CopyOnWriteArrayList<>();
    private final Set<FakeStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "duo-replay");
        t.setDaemon(true);
        return t;
    });

    private ReplayModelClient(Builder b) {
        this.exchanges = b.recording.exchanges();
        this.used = new boolean[exchanges.size()];
        this.source = b.source;
        this.scrubber = RecordingScrubber.of(b.secrets, b.environment);
    }

    /** A builder replaying {@code recording}. */
    public static Builder builder(Recording recording) {
        return new Builder(recording);
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        return take(request).completion();
    }

    @Override
    public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(take(request).completion());
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        Exchange x = take(request);
        ErrorContext ctx = ErrorContext.builder().provider("replay").model(x.model()).build();
        FakeStream[] self = new FakeStream[1];
        self[0] = new FakeStream(listener, x.chunks(), x.completion(), null, executor, ctx, () -> open.remove(self[0]));
        open.add(self[0]);
        return self[0].start();
    }

    private Exchange take(ModelRequest request) {
        requests.add(request);
        ModelRequest scrubbed = scrubber.scrub(request);
        synchronized (used) {
            for (int i = 0; i < exchanges.size(); i++) {
                if (!used[i] && RequestDiff.differences(exchanges.get(i).request(), scrubbed).isEmpty()) {
                    used[i] = true;
                    return exchanges.get(i);
                }
            }
        }
        String why = explain(scrubbed, requests.size());
        mismatches.add(why);
        throw new ReplayMismatchException(why);
    }

    private String explain(ModelRequest scrubbed, int number) {
        StringBuilder sb = new StringBuilder("request #").append(number).append(" (feature ")
                .append(scrubbed.feature().orElse("(none)")).append(") matches no unused exchange of the recording ")
                .append(source).append(". ");
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        synchronized (used) {
            for (int i = 0; i < exchanges.size(); i++) {
                int d = RequestDiff.distance(exchanges.get(i).request(), scrubbed);
                if (d < bestDistance || (d == bestDistance && best >= 0 && used[best] && !used[i])) {
                    best = i;
                    bestDistance = d;
                }
            }
        }
        if (best < 0) {
            sb.append("The recording has no exchange at all.");
        } else {
            List<String> diffs = RequestDiff.differences(exchanges.get(best).request(), scrubbed);
            if (diffs.isEmpty()) {
                sb.append("It equals exchange #").append(best + 1).append(", which was already replayed: the code now makes more calls than when it was recorded.");
            } else {
                sb.append("Closest is exchange #").append(best + 1).append(" of ").append(exchanges.size())
                        .append(", which differs in:");
                for (String d : diffs) {
                    sb.append("\n  - ").append(d);
                }
            }
        }
        sb.append("\nIf the change is intended, record again: run this test with -Dduo.recording.mode=record.");
        return sb.toString();
    }

    /** The explanation of every request that matched no exchange, in order. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Exchanges not replayed yet. */
    public List<Exchange> unused() {
        List<Exchange> out = new ArrayList<>();
        synchronized (used) {
            for (int i = 0; i < exchanges.size(); i++) {
                if (!used[i]) {
                    out.add(exchanges.get(i));
                }
            }
        }
        return out;
    }

    /**
     * Fails if a request matched nothing or an exchange was never asked for (the code now makes
     * fewer calls than when it was recorded).
     *
     * @throws AssertionError saying which
     */
    public void assertAllReplayed() {
        if (!mismatches.isEmpty()) {
            throw new AssertionError(mismatches.get(0));
        }
        List<Exchange> left = unused();
        if (!left.isEmpty()) {
            StringBuilder sb = new StringBuilder(left.size() + " recorded exchange(s) of " + source
                    + " were never requested (the code makes fewer calls than when it was recorded):");
            for (Exchange x : left) {
                sb.append("\n  feature ").append(x.feature()).append(": ")
                        .append(CallFormat.shorten(x.messages().get(x.messages().size() - 1).content()));
            }
            sb.append("\nIf the change is intended, record again: run this test with -Dduo.recording.mode=record.");
            throw new AssertionError(sb.toString());
        }
    }

    @Override
    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** Streams started and not yet ended. */
    public int openStreams() {
        return open.size();
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    /** Builds a {@link ReplayModelClient}. */
    public static final class Builder {
        private final Recording recording;
        private String source = "(in memory)";
        private final List<String> secrets = new ArrayList<>();
        private Map<String, String> environment = System.getenv();

        private Builder(Recording recording) {
            this.recording = Objects.requireNonNull(recording, "recording");
        }

        /** Where the recording came from, for messages. */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** A secret the recorder scrubbed, so requests carrying it still match. */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret").reveal());
            return this;
        }

        /** Secret values the recorder scrubbed. */
        public Builder secretValues(List<String> values) {
            secrets.addAll(values);
            return this;
        }

        /** The environment whose secret-named variables are scrubbed, as when recording (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Builds. */
        public ReplayModelClient build() {
            return new ReplayModelClient(this);
        }
    }
}
