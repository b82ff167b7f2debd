package dev.duo.testkit.junit.scenarios;

import dev.duo.DuoClient;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.junit.DuoTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run by ExtensionBehaviourTest through the launcher: one test leaks a stream, one closes it. */
@DuoTest
public class LeakyStreamScenario {

    @Test
    void leaksAStream(FakeModelClient fake) {
        fake.faultPlan(FaultPlan.builder().next(Fault.stall()).build());   // the stream never ends by itself
        DuoClient.forFeature("code_generations").streamBlocking(Map.of("user_instruction", "x"));
    }

    @Test
    void closesItsStream(FakeModelClient fake) {
        fake.faultPlan(FaultPlan.builder().next(Fault.stall()).build());
        DuoClient.forFeature("code_generations").streamBlocking(Map.of("user_instruction", "x")).close();
    }

    @Test
    @DuoTest(failOnOpenStreams = false)
    void mayLeakWhenAllowed(FakeModelClient fake) {
        fake.faultPlan(FaultPlan.builder().next(Fault.stall()).build());
        DuoClient.forFeature("code_generations").streamBlocking(Map.of("user_instruction", "x"));
    }
}
