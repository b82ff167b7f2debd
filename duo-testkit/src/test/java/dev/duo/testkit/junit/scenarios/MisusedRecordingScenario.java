package dev.duo.testkit.junit.scenarios;

import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.junit.DuoTest;
import org.junit.jupiter.api.Test;

/** Mistakes a user can make with recordings; ExtensionBehaviourTest checks the messages. */
public class MisusedRecordingScenario {

    @Test
    @DuoTest(recording = "nowhere")
    void replaysAMissingRecording() {
        // never runs: the recording is missing
    }

    @Test
    @DuoTest(recording = "some")
    void asksForAFakeInARecordedTest(FakeModelClient fake) {
        // never runs: a recorded test has no fake
    }
}
