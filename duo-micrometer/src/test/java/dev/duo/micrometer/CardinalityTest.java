package dev.duo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.Usage;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallContext;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import dev.duo.spi.ModelRequest;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** However many models a configuration names, one listener keeps a bounded number of tag sets. */
class CardinalityTest {

    @Test
    void beyondTheCapCallsAreRecordedUnderOtherValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CallListener listener = DuoMicrometer.listener(registry);
        ModelRequest request = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
        Completion answer = Completion.builder().text("ok").finishReason(FinishReason.STOP).usage(new Usage(1, 1)).build();
        int models = DuoMicrometer.MAX_TAG_SETS + 200;
        for (int i = 0; i < models; i++) {
            SelfHostedModel model = SelfHostedModel.builder().name("m" + i).family(ModelFamily.MISTRAL)
                    .identifier("custom_openai/model-" + i).endpoint(java.net.URI.create("http://127.0.0.1:8000/v1")).build();
            CallContext ctx = CallContext.builder(model).feature("duo_chat").build();
            listener.onResponse(CallEvent.builder(ctx, request).completion(answer).latency(Duration.ofMillis(5)).build());
        }

        List<Timer> timers = registry.find(DuoMicrometer.OPERATION_DURATION).timers().stream().toList();
        assertThat(timers).hasSize(DuoMicrometer.MAX_TAG_SETS + 1);
        Timer other = registry.get(DuoMicrometer.OPERATION_DURATION).tag("gen_ai.request.model", "_other").timer();
        assertThat(other.count()).isEqualTo(200);
        assertThat(timers.stream().mapToLong(Timer::count).sum()).isEqualTo(models);
    }
}
