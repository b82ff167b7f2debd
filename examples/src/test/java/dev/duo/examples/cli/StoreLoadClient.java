package dev.duo.examples.cli;

import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.call.RetryPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service for the two-JVM test: a DuoClient on the store a duo.yml names, under a steady load of
 * code_generation calls from a few threads. It prints {@code SERVED <model> <epoch micros>} when the
 * first call served by another model completes, and {@code DONE <calls> <failures>} when standard
 * input says {@code stop}.
 */
public final class StoreLoadClient {

    private StoreLoadClient() {
    }

    /** Answers at once and keeps nothing (the load runs for a while). */
    static final class Answering implements dev.duo.spi.ModelClient {
        @Override
        public dev.duo.Completion complete(dev.duo.spi.ModelRequest request, dev.duo.spi.Attempt attempt) {
            return dev.duo.Completion.builder().text("ok").finishReason(dev.duo.FinishReason.STOP).build();
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.duo.Completion> completeAsync(dev.duo.spi.ModelRequest request,
                dev.duo.spi.Attempt attempt) {
            return java.util.concurrent.CompletableFuture.completedFuture(complete(request, attempt));
        }

        @Override
        public dev.duo.StreamHandle stream(dev.duo.spi.ModelRequest request, dev.duo.spi.Attempt attempt,
                dev.duo.StreamListener listener) {
            throw new UnsupportedOperationException("the load is blocking calls only");
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> last = new AtomicReference<>("");
        try (DuoClient duo = DuoClient.builder().configFile(Path.of(args[0])).modelClient(new Answering())
                .retryPolicy(RetryPolicy.NONE).build()) {
            FeatureClient gen = duo.feature("code_generation");
            Thread[] load = new Thread[3];
            for (int i = 0; i < load.length; i++) {
                load[i] = new Thread(() -> {
                    while (running.get()) {
                        try {
                            String model = gen.generate(Map.of("user_instruction", "a CSV parser")).provenance()
                                    .orElseThrow().model();
                            calls.incrementAndGet();
                            String before = last.get();
                            if (!model.equals(before) && last.compareAndSet(before, model)) {
                                Instant now = Instant.now();
                                synchronized (System.out) {
                                    System.out.println("SERVED " + model + "\t" + (now.getEpochSecond() * 1_000_000
                                            + now.getNano() / 1_000));
                                    System.out.flush();
                                }
                            }
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            System.err.println("call failed: " + e);
                        }
                    }
                }, "load-" + i);
                load[i].start();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                // wait for the test to say stop
            }
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
            System.out.println("DONE " + calls.get() + " " + failures.get());
            System.out.flush();
        }
    }
}
