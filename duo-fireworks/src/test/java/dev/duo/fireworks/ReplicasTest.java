package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.ProviderUnavailableException;
import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallListener;
import dev.duo.call.ReplicaEvent;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.spi.ReplicaSet;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A model with replicas ({@code endpoints:}) over real HTTP to three fake servers. */
class ReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private final List<FakeOpenAiServer> servers = new ArrayList<>();
    private final List<ReplicaEvent> events = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock();

    @AfterEach
    void close() {
        provider.close();
        servers.forEach(FakeOpenAiServer::close);
    }

    private FakeOpenAiServer server(FaultPlan plan) {
        FakeOpenAiServer s = FakeOpenAiServer.builder().faultPlan(plan).start();
        servers.add(s);
        return s;
    }

    private static SelfHostedModel model(List<URI> endpoints) {
        return SelfHostedModel.builder().name("Mistral on vLLM").family(ModelFamily.MISTRAL)
                .identifier("custom_openai/mistralai/Mistral-7B-Instruct-v0.3").endpoints(endpoints)
                .timeouts(TestModels.TIMEOUTS).build();
    }

    private ModelClient client(List<URI> endpoints) {
        CallListener listener = new CallListener() {
            @Override
            public void onReplicaEjected(ReplicaEvent e) {
                events.add(e);
            }

            @Override
            public void onReplicaReadmitted(ReplicaEvent e) {
                events.add(e);
            }
        };
        return provider.createClient(ProviderContext.builder(model(endpoints)).apiKey(Secret.of(TestModels.KEY))
                .clock(clock).listeners(List.of(listener)).build());
    }

    private static ModelRequest ask(String text) {
        return ModelRequest.builder().messages(List.of(Message.user(text))).build();
    }

    private static Attempt after(Attempt previous) {
        return Attempt.of(previous.number() + 1, TestModels.TIMEOUTS, TestModels.TIMEOUTS.attempt(), previous);
    }

    @Test
    void spreadsCallsEvenlyOverTheReplicas() {
        FakeOpenAiServer a = server(FaultPlan.none());
        FakeOpenAiServer b = server(FaultPlan.none());
        FakeOpenAiServer c = server(FaultPlan.none());
        ModelClient client = client(List.of(a.endpoint(), b.endpoint(), c.endpoint()));
        for (int i = 0; i < 9; i++) {
            assertThat(client.complete(ask("call " + i), Attempt.of(TestModels.TIMEOUTS)).text()).isEqualTo("call " + i);
        }
        assertThat(List.of(a.requestCount(), b.requestCount(), c.requestCount())).containsExactly(3, 3, 3);
        assertThat(a.requests().get(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(a.requests().get(0).header("authorization")).isEqualTo("Bearer " + TestModels.KEY);
    }

    @Test
    void aClosedPortEjectsItsReplicaAndTheRetryGoesElsewhereUntilAProbeReadmitsIt() {
        FakeOpenAiServer a = server(FaultPlan.none());
        FakeOpenAiServer dead = server(FaultPlan.none());
        int deadPort = dead.port();
        URI deadEndpoint = dead.endpoint();
        dead.close();
        ModelClient client = client(List.of(a.endpoint(), deadEndpoint));

        // Round-robin reaches the dead replica within two first attempts.
        DuoException refused = null;
        Attempt failed = null;
        for (int i = 0; i < 2 && refused == null; i++) {
            Attempt one = Attempt.of(TestModels.TIMEOUTS);
            try {
                client.complete(ask("x"), one);
            } catch (ProviderUnavailableException e) {
                refused = e;
                failed = one;
            }
        }
        assertThat(refused).as("a call reached the closed port").isNotNull();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ReplicaEvent.Kind.EJECTED);
            assertThat(e.replica()).isEqualTo(deadEndpoint.toString());
        });
        assertThat(client.complete(ask("retry"), after(failed)).text()).isEqualTo("retry");
        int before = a.requestCount();
        for (int i = 0; i < 10; i++) {
            assertThat(client.complete(ask("while ejected " + i), Attempt.of(TestModels.TIMEOUTS)).text())
                    .isEqualTo("while ejected " + i);
        }
        assertThat(a.requestCount() - before).as("every call on the live replica").isEqualTo(10);

        servers.add(FakeOpenAiServer.start(deadPort));     // restarted on its port
        clock.advance(Duration.ofSeconds(31));              // past the cooldown, on the client's clock
        for (int i = 0; i < 4; i++) {
            client.complete(ask("after " + i), Attempt.of(TestModels.TIMEOUTS));
        }
        assertThat(events).hasSize(2).last().satisfies(e -> assertThat(e.kind()).isEqualTo(ReplicaEvent.Kind.READMITTED));
        assertThat(servers.get(servers.size() - 1).requestCount()).as("the probe and its share since").isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAsyncAttemptEndsItsLeaseBeforeItsFutureCompletes() {
        FakeOpenAiServer a = server(FaultPlan.none());
        FakeOpenAiServer dead = server(FaultPlan.none());
        URI deadEndpoint = dead.endpoint();
        dead.close();
        dev.duo.fireworks.internal.OpenAiClient client =
                (dev.duo.fireworks.internal.OpenAiClient) client(List.of(a.endpoint(), deadEndpoint));
        List<ReplicaSet.Health> seenAtCompletion = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            client.completeAsync(ask("x"), Attempt.of(TestModels.TIMEOUTS))
                    .handle((c, e) -> seenAtCompletion.add(client.replicas().status().get(1).health()))
                    .join();
        }
        assertThat(seenAtCompletion).as("the dead replica was ejected by the time its failure was delivered")
                .contains(ReplicaSet.Health.EJECTED);
        assertThat(client.replicas().status()).allSatisfy(s -> assertThat(s.inFlight()).isZero());
    }

    @Test
    void serverErrorsEjectAReplicaOnceItsFailureRateIsReached() {
        FakeOpenAiServer good = server(FaultPlan.none());
        FakeOpenAiServer sick = server(FaultPlan.builder().next(100, Fault.status(503)).build());
        ModelClient client = client(List.of(good.endpoint(), sick.endpoint()));
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            try {
                client.complete(ask("x"), Attempt.of(TestModels.TIMEOUTS));
            } catch (ProviderUnavailableException e) {
                failures++;
            }
        }
        assertThat(failures).as("its first 5 attempts (the minimum before a failure rate counts), then none").isEqualTo(5);
        assertThat(sick.requestCount()).isEqualTo(5);
        ReplicaSet.Status status = ((dev.duo.fireworks.internal.OpenAiClient) client).replicas().status().get(1);
        assertThat(status.health()).isEqualTo(ReplicaSet.Health.EJECTED);
        assertThat(status.probeAfter()).contains(clock.instant().plusSeconds(30));
    }

    @Test
    void aStreamSticksToItsReplica() {
        FakeOpenAiServer a = server(FaultPlan.none());
        FakeOpenAiServer b = server(FaultPlan.none());
        ModelClient client = client(List.of(a.endpoint(), b.endpoint()));
        RecordingListener l = new RecordingListener();
        client.stream(ask("one two three four"), Attempt.of(TestModels.TIMEOUTS), l);
        Completion c = l.awaitTerminal(WAIT).completion();
        assertThat(c.text()).isEqualTo("one two three four");
        assertThat(a.requestCount() + b.requestCount()).isEqualTo(1);
        assertThat(((dev.duo.fireworks.internal.OpenAiClient) client).replicas().status())
                .allSatisfy(s -> assertThat(s.inFlight()).as("the lease ended with the stream").isZero());
    }

    @Test
    void aStreamThatFailsBeforeItsFirstChunkIsRetriedOnAnotherReplica() {
        FakeOpenAiServer sick = server(FaultPlan.builder().next(10, Fault.status(500)).build());
        FakeOpenAiServer good = server(FaultPlan.none());
        ModelClient client = client(List.of(sick.endpoint(), good.endpoint()));
        Attempt one = null;
        RecordingListener first = null;
        for (int i = 0; i < 2; i++) {
            Attempt a = Attempt.of(TestModels.TIMEOUTS);
            RecordingListener l = new RecordingListener();
            client.stream(ask("s"), a, l);
            if (l.awaitTerminal(WAIT).error() != null) {
                one = a;
                first = l;
                break;
            }
        }
        assertThat(first).as("a stream reached the failing replica").isNotNull();
        RecordingListener retry = new RecordingListener();
        client.stream(ask("again"), after(one), retry);
        assertThat(retry.awaitTerminal(WAIT).completion().text()).isEqualTo("again");
        assertThat(sick.requestCount()).isEqualTo(1);
    }

    @Test
    void theEndpointPolicyAppliesToEachReplica() {
        ProviderContext plainRemote = ProviderContext.builder(model(List.of(URI.create("https://vllm-0.corp/v1"),
                URI.create("http://vllm-1.corp:8000/v1")))).apiKey(Secret.of(TestModels.KEY)).build();
        assertThatThrownBy(() -> provider.createClient(plainRemote))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("would send its api key over plain HTTP to http://vllm-1.corp:8000/v1")
                .hasMessageContaining("allow_insecure_endpoint: true");
        ProviderContext offList = ProviderContext.builder(model(List.of(URI.create("https://vllm-0.corp/v1"),
                        URI.create("https://vllm-1.corp/v1"))))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("vllm-0.corp")).build();
        assertThatThrownBy(() -> provider.createClient(offList))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("may not call https://vllm-1.corp/v1")
                .hasMessageContaining("add it to custom_endpoint_allowlist");
        ProviderContext bothListed = ProviderContext.builder(model(List.of(URI.create("https://vllm-0.corp/v1"),
                        URI.create("https://vllm-1.corp/v1"))))
                .customModelsEnabled(false).customEndpointAllowlist(List.of("vllm-0.corp", "https://vllm-1.corp/v1")).build();
        assertThat(provider.createClient(bothListed)).isNotNull();
    }

    /** A clock that moves only when the test says. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
