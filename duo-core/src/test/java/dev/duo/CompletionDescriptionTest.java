package dev.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Completion#toString()}: short, newlines shown, every field there, made once. */
class CompletionDescriptionTest {

    @Test
    void describesTheStartOfTheTextAndEveryField() {
        Completion c = Completion.builder().text("line one\nline two " + "x".repeat(80)).finishReason(FinishReason.LENGTH)
                .usage(new Usage(3, 4)).latency(Duration.ofMillis(1234)).requestId("req-1")
                .provenance(new dev.duo.admin.Provenance("code_generations", "m", "mistral", "fireworks_ai", "p/base/1.0.0")).build();
        assertThat(c.toString()).isEqualTo("Completion{text=line one\\nline two " + "x".repeat(39) + "..., finishReason=LENGTH, "
                + "usage=" + new Usage(3, 4) + ", latency=1234ms, requestId=req-1, "
                + new dev.duo.admin.Provenance("code_generations", "m", "mistral", "fireworks_ai", "p/base/1.0.0") + "}");
        assertThat(c.toString()).isSameAs(c.toString());
    }

    @Test
    void aShortTextIsShownWhole() {
        Completion c = Completion.builder().text("ok").build();
        assertThat(c.toString()).isEqualTo("Completion{text=ok, finishReason=STOP, usage=" + Usage.UNKNOWN
                + ", latency=0ms}");
    }
}
