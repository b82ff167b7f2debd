package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.InvalidRequestException;
import dev.duo.internal.call.CallRuntime;
import dev.duo.BlockingStream;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The blocking view, on real threads (the fake's own, the system scheduler): no waiting is timed. */
class BlockingStreamTest {

    private final CallRuntime pipeline = CallRuntime.builder().build();

    @Test
    void iteratesChunksThenGivesTheCompletion() {
        FakeModelClient fake = FakeModelClient.builder()
                .defaultAnswer(FakeModelClient.Answer.text("x").chunks("a", "b", "c").usage(1, 3)).build();
        try (BlockingStream s = BlockingStream.start(l -> pipeline.stream(Fixture.ctx().build(), fake, Fixture.REQUEST, l))) {
            List<String> chunks = s.stream().collect(Collectors.toList());
            Completion c = s.completion();

            assertThat(chunks).containsExactly("a", "b", "c");
            assertThat(c.text()).isEqualTo("abc");
            assertThat(s.hasNext()).isFalse();
        }
        fake.close();
    }

    @Test
    void throwsTheErrorThatEndedTheStream() {
        FakeModelClient fake = FakeModelClient.builder()
                .faultPlan(FaultPlan.builder().next(Fault.status(400).withMessage("prompt too long")).build()).build();
        try (BlockingStream s = BlockingStream.start(l -> pipeline.stream(Fixture.ctx().build(), fake, Fixture.REQUEST, l))) {
            assertThatThrownBy(s::hasNext).isInstanceOf(InvalidRequestException.class).hasMessageContaining("prompt too long");
            assertThatThrownBy(s::completion).isInstanceOf(InvalidRequestException.class);
        }
        fake.close();
    }

    @Test
    void closingEarlyCancelsTheStream() {
        FakeModelClient fake = FakeModelClient.builder().defaultAnswer(FakeModelClient.Answer.text("ok"))
                .faultPlan(FaultPlan.builder().next(Fault.stallAfterChunks(1)).build()).build();
        BlockingStream s = BlockingStream.start(l -> pipeline.stream(Fixture.ctx().build(), fake, Fixture.REQUEST, l));
        assertThat(s.next()).isEqualTo("ok");

        s.close();

        assertThatThrownBy(s::completion).isInstanceOf(dev.duo.CancelledException.class);
        fake.close();
    }
}
