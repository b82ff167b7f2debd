package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.AuthenticationException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.reliability.FaultServers.Endpoint;
import dev.duo.reliability.Rig.Outcome;
import dev.duo.reliability.Rig.Provider;
import dev.duo.testkit.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: every fault, for both providers, whole and streamed, through a real
 * {@code DuoClient} feature call (so the pipeline's retries and deadlines are included), with every
 * logging switch on and every logger at TRACE. Each call must end in a success after retries or in
 * exactly one typed error, within its total deadline plus a small bound; afterwards no connection
 * may be in use, none may survive the client's close and no thread may be left behind; and no
 * secret may appear in any log line, exception message or toString.
 */
class FaultMatrixTest {

    /** What a case must end in: success (after retries), or exactly one error of this type. */
    record Case(String fault, Provider provider, boolean streamed, Supplier<Endpoint> server,
                Class<? extends DuoException> expected, Class<? extends DuoException> alsoAccepted, boolean orSuccess) {
        Case(String fault, Provider provider, boolean streamed, Supplier<Endpoint> server, Class<? extends DuoException> expected) {
            this(fault, provider, streamed, server, expected, null, false);
        }

        Case(String fault, Provider provider, boolean streamed, Supplier<Endpoint> server, Class<? extends DuoException> expected,
             Class<? extends DuoException> alsoAccepted) {
            this(fault, provider, streamed, server, expected, alsoAccepted, false);
        }

        @Override
        public String toString() {
            return provider + (streamed ? " streamed: " : " whole: ") + fault + " -> "
                    + (expected == null ? "success" : expected.getSimpleName());
        }
    }

    /** The deadlines of every case but the stalls: far above what a loaded machine needs to answer. */
    static final String GENEROUS = "{ connect: 5s, attempt: 10s, total: 12s, idle: 10s }";
    static final Duration GENEROUS_TOTAL = Duration.ofSeconds(12);

    static final List<String> REPORT = new ArrayList<>();
    static LogCapture logs;

    @BeforeAll
    static void captureLogs() throws Exception {
        logs = new LogCapture();
        // The first calls of a JVM load the AWS SDK, Netty, OkHttp and Jinjava classes: on a loaded
        // 2-core machine that alone can outlast the 1 s attempt deadline. Warm up, so each case measures
        // the fault, not the class loading.
        Path dir = java.nio.file.Files.createTempDirectory("duo-warm-up");
        for (Provider p : Provider.values()) {
            try (Endpoint server = FaultServers.fake(p, Fault.status(503))) {
                java.net.URI[] endpoints = {null, null};
                endpoints[p.ordinal()] = server.uri();
                try (Rig rig = new Rig(dir, p, endpoints[0], endpoints[1], false, Rig.RETRY,
                        "{ connect: 10s, attempt: 30s, total: 60s, idle: 30s }")) {
                    rig.generate();
                    rig.stream(Duration.ZERO);
                }
            }
        }
    }

    @AfterAll
    static void noSecretInAnyLogLine() {
        logs.close();
        assertThat(logs.lines()).as("log events captured").isGreaterThan(100);
        assertThat(logs.sdkLines()).as("the SDK's request and wire logs were on").isGreaterThan(100);
        assertThat(logs.hits()).as("secrets in log lines").isEmpty();
        List<String> table = new ArrayList<>(List.of(
                "| provider | call | fault | outcome | time | connections held open (idle) before close |", "|---|---|---|---|---|---|"));
        table.addAll(REPORT);
        Reports.write("fault-matrix.md", table, "fault matrix: " + REPORT.size() + " cases, " + logs.lines()
                + " log events scanned (" + logs.sdkLines() + " of the SDK's own), 0 secrets found outside third-party wire loggers (their DEBUG events with a secret: "
                + logs.thirdPartyHits() + ")");
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (Provider p : Provider.values()) {
            for (boolean streamed : new boolean[] {false, true}) {
                statuses(all, p, streamed);
                // Connection faults before any answer are retried: the retry finds a healthy server.
                // A fresh Bedrock async client starts its Netty event loop on the first call; on a
                // loaded machine that can outlast the 500 ms idle deadline, which then ends the
                // stream first: a typed timeout is as right an answer as the refused connection.
                all.add(new Case("connection refused", p, streamed, () -> FaultServers.refused(p), ProviderUnavailableException.class,
                        p == Provider.BEDROCK && streamed ? DuoTimeoutException.class : null));
                all.add(new Case("reset before the response", p, streamed, () -> FaultServers.fake(p, Fault.reset()), null));
                all.add(new Case("stalled headers", p, streamed, () -> FaultServers.fake(p, Fault.stall()), null));
                // Once a chunk reached the caller a stream is never replayed: one error. A whole
                // answer that breaks off is retried.
                all.add(new Case("disconnect mid-stream", p, streamed,
                        () -> FaultServers.fake(p, Fault.disconnectAfterChunks(2)), !streamed ? null
                                // The AWS SDK reports a dropped event stream as one that ended early.
                                : p == Provider.FIREWORKS ? ProviderUnavailableException.class : InvalidResponseException.class));
                // Streamed, whether the one chunk reaches the caller before the idle deadline is a
                // matter of timing on a loaded machine: if it did, one timeout; if not, a retry succeeds.
                all.add(new Case("stalled body", p, streamed,
                        () -> FaultServers.fake(p, Fault.stallAfterChunks(1)), streamed ? DuoTimeoutException.class : null,
                        null, streamed));
                all.add(new Case("malformed JSON", p, streamed, () -> FaultServers.fake(p, Fault.malformed()),
                        InvalidResponseException.class));
                all.add(new Case("truncated stream", p, streamed,
                        () -> FaultServers.scripted(p, s -> FaultServers.truncated(p, s)), streamed ? InvalidResponseException.class : null));
                all.add(new Case("wrong content type", p, streamed,
                        () -> FaultServers.scripted(p, s -> FaultServers.wrongContentType(p, s)), InvalidResponseException.class));
                if (p == Provider.BEDROCK && streamed) {
                    // Bedrock reports errors that arise once a stream has started as exception frames.
                    all.add(new Case("exception frame after a chunk: ThrottlingException", p, true,
                            () -> FaultServers.bedrockInBand(Fault.status(429), 1), RateLimitedException.class));
                    all.add(new Case("exception frame after a chunk: ModelStreamErrorException", p, true,
                            () -> FaultServers.bedrockInBand(Fault.status(424), 1), ProviderUnavailableException.class));
                }
                // (The AWS SDK decodes a whole frame before the client can check its size: slow on a
                // loaded machine, which the generous deadlines of non-stall cases leave room for.)
                all.add(new Case(streamed ? "oversized event (2 MiB)" : "oversized response (9 MiB)", p, streamed,
                        () -> FaultServers.scripted(p, s -> FaultServers.oversized(p, s)), InvalidResponseException.class));
            }
        }
        return all.stream();
    }

    /** REFERENCE.md section 6: each provider's error statuses, once, then a healthy answer. */
    private static void statuses(List<Case> all, Provider p, boolean streamed) {
        record S(int code, String message, Class<? extends DuoException> expected) {
        }
        List<S> list = p == Provider.FIREWORKS
                ? List.of(new S(400, null, InvalidRequestException.class), new S(401, null, AuthenticationException.class),
                        new S(402, null, AuthenticationException.class), new S(403, null, AuthenticationException.class),
                        new S(404, null, ModelNotFoundException.class), new S(408, null, null),
                        new S(412, null, InvalidRequestException.class), new S(413, null, InvalidRequestException.class),
                        new S(429, null, null), new S(500, null, null), new S(503, null, null))
                : List.of(new S(429, "ThrottlingException: slow down", null),
                        new S(429, "ModelNotReadyException: warming up", null),
                        new S(503, "ServiceUnavailableException: busy", null),
                        new S(408, "ModelTimeoutException: too slow", null),
                        new S(500, "InternalServerException: oops", null),
                        new S(424, "ModelErrorException: the model failed", null),
                        new S(424, "ModelStreamErrorException: the stream failed", null),
                        new S(400, "ValidationException: bad request", InvalidRequestException.class),
                        new S(400, "ServiceQuotaExceededException: quota", InvalidRequestException.class),
                        new S(403, "AccessDeniedException: denied", AuthenticationException.class),
                        new S(404, "ResourceNotFoundException: no such model", ModelNotFoundException.class));
        for (S s : list) {
            Fault.Status f = s.message == null ? Fault.status(s.code) : Fault.status(s.code).withMessage(s.message);
            String name = "HTTP " + s.code + (s.message == null ? "" : " " + s.message.substring(0, s.message.indexOf(':')));
            all.add(new Case(name, p, streamed, () -> FaultServers.fake(p, f), s.expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsInSuccessOrOneTypedErrorInTimeAndLeavesNothingBehind(Case c, @TempDir Path dir) {
        var threadsBefore = Leaks.threadIds();
        Outcome o;
        int inUse;
        int openBeforeClose;
        int openAfterClose;
        Duration total;
        try (Endpoint server = c.server().get()) {
            java.net.URI[] endpoints = {null, null};
            endpoints[c.provider().ordinal()] = server.uri();
            // Only a stall is about deadlines: it gets the short ones (500 ms to connect, 1 s per
            // attempt, 3 s in all), so that the deadline, not the server, ends it. Every other fault
            // answers at once; its deadlines are generous, so that a loaded machine cannot turn a
            // scripted "fault once, then a healthy answer" into a timed-out attempt whose retry
            // succeeds (a 402 ending in success, or a 9 MiB answer, slow to read, retried).
            boolean stall = c.fault().startsWith("stalled");
            total = stall ? Rig.TOTAL : GENEROUS_TOTAL;
            Rig rig = stall
                    ? new Rig(dir, c.provider(), endpoints[0], endpoints[1], false, Rig.RETRY)
                    : new Rig(dir, c.provider(), endpoints[0], endpoints[1], false, Rig.RETRY, GENEROUS);
            try {
                o = c.streamed() ? rig.stream(Duration.ofMillis(50)) : rig.generate();
                inUse = Leaks.await(rig::okHttpInUse, 2000);
                // Server side of the connections the client still holds (idle in its pools, or leaked).
                // (An aborted attempt's channel is closed asynchronously: give it a moment.)
                openBeforeClose = Leaks.await(() -> Leaks.establishedTo(server.port()) - 1, 2000) + 1;
            } finally {
                rig.close();
            }
            openAfterClose = Leaks.awaitNoConnections(server.port(), 3000);
        }
        List<String> threads = Leaks.newThreads(threadsBefore, 5000);
        synchronized (REPORT) {
            REPORT.add("| " + c.provider() + " | " + (c.streamed() ? "stream" : "whole") + " | " + c.fault() + " | "
                    + (o.ok() ? "success" : o.error().getClass().getSimpleName()) + " | " + o.elapsed().toMillis() + " ms | "
                    + openBeforeClose + " |");
        }

        // Exactly one outcome, of the expected kind.
        assertThat(o.terminals()).as("terminal signals: %s", o).isEqualTo(1);
        if (c.expected() == null) {
            assertThat(o.ok()).as("%s", o).isTrue();
        } else if (c.orSuccess() && o.ok()) {
            assertThat(o.chunks()).as("a retried stream delivers its chunks once").isGreaterThanOrEqualTo(0);
        } else if (c.alsoAccepted() != null && c.alsoAccepted().isInstance(o.error())) {
            assertThat(o.error()).as("%s", o).isExactlyInstanceOf(c.alsoAccepted());
        } else {
            assertThat(o.error()).as("%s", o).isExactlyInstanceOf(c.expected());
        }
        if (c.fault().startsWith("oversized") && o.error() != null) {
            assertThat(o.error()).hasMessageContaining("larger than").hasMessageContaining("MiB (the limit for");
        }
        // Within the deadline plus a small bound.
        assertThat(o.elapsed()).as("%s", o).isLessThan(total.plus(Rig.SLACK));
        // Nothing left behind.
        assertThat(inUse).as("OkHttp connections still in use").isZero();
        // Calls are one at a time: at most the one idle pooled connection may stay open; a broken or
        // timed-out attempt's connection must have been closed, not kept (both providers, server side).
        assertThat(openBeforeClose).as("connections held to the fake before the client closed").isLessThanOrEqualTo(1);
        assertThat(openAfterClose).as("connections to the fake still open after the client closed").isLessThanOrEqualTo(0);
        assertThat(threads).as("threads left behind").isEmpty();
        // No secret in the error.
        if (o.error() != null) {
            assertThat(Secrets.findIn(Secrets.describe(o.error()))).as("secrets in the error").isEmpty();
        }
    }

}
