package dev.duo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.AuthenticationException;
import dev.duo.Completion;
import dev.duo.BlockingStream;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GenAI client metrics over real calls to both fake servers: success, retries, a failure, a stream. */
class DuoMicrometerTest {

    @TempDir
    Path dir;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aBlockingCallRecordsDurationAndTokensUnderTheGenAiNames() {
        try (FakeRig rig = new FakeRig(dir, FaultPlan.none(), FaultPlan.none(), DuoMicrometer.listener(registry))) {
            Completion c = rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet());

            Timer t = registry.get(DuoMicrometer.OPERATION_DURATION).tag("gen_ai.operation.name", "chat")
                    .tag("gen_ai.provider.name", "fireworks_ai").tag("gen_ai.request.model", FakeRig.FIREWORKS_ID)
                    .tag("error.type", "none").tag("duo.feature", "duo_chat_explain_code").timer();
            assertThat(t.count()).isEqualTo(1);
            assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(t.getId().getBaseUnit()).isEqualTo("seconds");
            DistributionSummary in = registry.get(DuoMicrometer.TOKEN_USAGE).tag("gen_ai.token.type", "input").summary();
            DistributionSummary out = registry.get(DuoMicrometer.TOKEN_USAGE).tag("gen_ai.token.type", "output").summary();
            assertThat(in.totalAmount()).isEqualTo(c.usage().inputTokens()).isPositive();
            assertThat(out.totalAmount()).isEqualTo(c.usage().outputTokens()).isPositive();
            assertThat(in.getId().getBaseUnit()).isEqualTo("{token}");
            // a blocking call has no first chunk, and no retry happened
            assertThat(registry.find(DuoMicrometer.TIME_TO_FIRST_CHUNK).meters()).isEmpty();
            assertThat(registry.find(DuoMicrometer.RETRIES).meters()).isEmpty();
        }
    }

    @Test
    void retriesAreCountedWithTheirErrorAndTheCallStillSucceeds() {
        FaultPlan twice503 = FaultPlan.builder().next(2, Fault.status(503)).build();
        try (FakeRig rig = new FakeRig(dir, FaultPlan.none(), twice503, DuoMicrometer.listener(registry))) {
            rig.client.feature("duo_chat_fix_code").generate(FakeRig.snippet());

            double retries = registry.get(DuoMicrometer.RETRIES).tag("gen_ai.provider.name", "aws.bedrock")
                    .tag("gen_ai.request.model", FakeRig.BEDROCK_ID).tag("duo.feature", "duo_chat_fix_code")
                    .counter().count();
            assertThat(retries).isEqualTo(2);
            String errorType = registry.get(DuoMicrometer.RETRIES).counter().getId().getTag("error.type");
            assertThat(errorType).isEqualTo(dev.duo.ProviderUnavailableException.class.getName());
            assertThat(registry.get(DuoMicrometer.OPERATION_DURATION).tag("error.type", "none").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void aFailureIsTimedUnderItsErrorTypeWithoutTokens() {
        FaultPlan unauthorized = FaultPlan.builder().next(Fault.status(401)).build();
        try (FakeRig rig = new FakeRig(dir, unauthorized, FaultPlan.none(), DuoMicrometer.listener(registry))) {
            assertThatThrownBy(() -> rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet()))
                    .isInstanceOf(AuthenticationException.class);

            Timer t = registry.get(DuoMicrometer.OPERATION_DURATION)
                    .tag("error.type", AuthenticationException.class.getName()).timer();
            assertThat(t.count()).isEqualTo(1);
            assertThat(registry.find(DuoMicrometer.TOKEN_USAGE).meters()).isEmpty();
            assertThat(registry.find(DuoMicrometer.RETRIES).meters()).isEmpty();   // 401 is not retried
        }
    }

    @Test
    void aStreamRecordsTimeToFirstChunkOnBothProviders() {
        try (FakeRig rig = new FakeRig(dir, FaultPlan.none(), FaultPlan.none(), DuoMicrometer.listener(registry))) {
            for (String feature : new String[] {"duo_chat_explain_code", "duo_chat_fix_code"}) {
                try (BlockingStream s = rig.client.feature(feature).streamBlocking(FakeRig.snippet())) {
                    assertThat(s.stream().count()).isPositive();
                }
            }
            for (String provider : new String[] {"fireworks_ai", "aws.bedrock"}) {
                Timer ttft = registry.get(DuoMicrometer.TIME_TO_FIRST_CHUNK).tag("gen_ai.provider.name", provider).timer();
                Timer whole = registry.get(DuoMicrometer.OPERATION_DURATION).tag("gen_ai.provider.name", provider).timer();
                assertThat(ttft.count()).isEqualTo(1);
                assertThat(ttft.totalTime(TimeUnit.NANOSECONDS)).isPositive()
                        .isLessThanOrEqualTo((long) whole.totalTime(TimeUnit.NANOSECONDS));
            }
        }
    }

    @Test
    void tagsNeverCarryInputsAndOnlyTheKnownKeysAreUsed() {
        try (FakeRig rig = new FakeRig(dir, FaultPlan.none(), FaultPlan.none(), DuoMicrometer.listener(registry))) {
            rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet());
            for (Meter m : registry.getMeters()) {
                m.getId().getTags().forEach(tag -> {
                    if (tag.getKey().equals("le")) {   // the simple registry's histogram buckets
                        assertThat(tag.getValue()).matches("[0-9.E+-]+");
                        return;
                    }
                    assertThat(tag.getKey()).isIn("gen_ai.operation.name", "gen_ai.provider.name",
                            "gen_ai.request.model", "error.type", "duo.feature", "gen_ai.token.type");
                    assertThat(tag.getValue()).doesNotContain("twice").doesNotContain("fw_fake");
                });
            }
        }
    }
}
