package dev.duo.eval;

import dev.duo.AuthenticationException;
import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves both the feature under evaluation and the judge, telling them apart by the request's
 * feature. The subject answers with a text derived from the case; the judge rates by the
 * {@code quality=N} marker it finds in the answer it is shown, so every case's rating is known up
 * front whatever order concurrent cases run in.
 */
final class ScriptedModelClient implements ModelClient {

    static final Pattern QUALITY = Pattern.compile("quality=(\\w+)");

    private final UnaryOperator<String> subject;
    final AtomicInteger subjectAnswers = new AtomicInteger();
    final AtomicInteger judgeAnswers = new AtomicInteger();
    final Set<String> answeredPrompts = ConcurrentHashMap.newKeySet();
    private volatile int failAfter = -1;
    private volatile int blockAfter = -1;
    final AtomicInteger rateLimitsLeft = new AtomicInteger();
    final AtomicInteger subjectAttempts = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch gather;

    ScriptedModelClient(UnaryOperator<String> subject) {
        this.subject = subject;
    }

    /** The subject echoes its prompt's last user message. */
    static ScriptedModelClient echoing() {
        return new ScriptedModelClient(p -> "Answer: " + p);
    }

    /** After {@code answers} subject answers in all, further subject calls fail as a revoked key does. */
    void failAfter(int answers) {
        this.failAfter = answers;
    }

    /** After {@code answers} subject answers in all, further subject calls hang (until the process dies). */
    void blockAfter(int answers) {
        this.blockAfter = answers;
    }

    /** The first {@code calls} subject calls wait (10 s at most) until that many are in flight at once. */
    void gather(int calls) {
        this.gather = new java.util.concurrent.CountDownLatch(calls);
    }

    /** The judge's script: a rating from the marker; "x" gives an answer without any rating. */
    static String judge(String prompt) {
        String answer = prompt.substring(prompt.indexOf("<answer>"));
        Matcher m = QUALITY.matcher(answer);
        if (!m.find()) {
            return "Rating: 1\nReason: no marker";
        }
        return switch (m.group(1)) {
            case "x" -> "I would rather not say.";
            case "conflict" -> "Rating: 2\nReason: weak. On reflection, Rating: 4";
            default -> "Rating: " + m.group(1) + "\nReason: marker says " + m.group(1) + " <b>bold</b>";
        };
    }

    @Override
    public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(complete(request, attempt));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        String prompt = lastUser(request.messages());
        String text;
        if (request.feature().orElse("").equals(LlmJudge.FEATURE_KEY)) {
            judgeAnswers.incrementAndGet();
            text = judge(prompt);
        } else {
            subjectAttempts.incrementAndGet();
            if (rateLimitsLeft.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                throw new dev.duo.RateLimitedException("429 Too Many Requests (injected)", null,
                        dev.duo.ErrorContext.builder().status(429).retryAfter(java.time.Duration.ofMillis(5)).build());
            }
            int block = blockAfter;
            if (block >= 0 && subjectAnswers.getAndUpdate(x -> x < block ? x + 1 : x) >= block) {
                hang();
            }
            int limit = failAfter;
            int n = block >= 0 ? 0 : subjectAnswers.getAndUpdate(x -> limit < 0 || x < limit ? x + 1 : x);
            if (limit >= 0 && n >= limit) {
                throw new AuthenticationException("injected: the key was revoked after " + limit + " answers");
            }
            answeredPrompts.add(prompt);
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                java.util.concurrent.CountDownLatch g = gather;
                if (g != null) {
                    g.countDown();
                    g.await(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            text = subject.apply(prompt);
        }
        return Completion.builder().text(text).finishReason(FinishReason.STOP).build();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        throw new UnsupportedOperationException("the evaluation harness does not stream");
    }

    @Override
    public void close() {
    }

    private static void hang() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.duo.CancelledException("interrupted while hanging");
        }
    }

    private static String lastUser(List<Message> messages) {
        String last = "";
        for (Message m : messages) {
            if (m.role() == Role.USER) {
                last = m.content();
            }
        }
        return last;
    }
}
