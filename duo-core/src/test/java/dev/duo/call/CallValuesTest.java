package dev.duo.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallValuesTest {

    private static final SelfHostedModel MODEL = SelfHostedModel.builder().name("m").family(ModelFamily.GPT)
            .identifier("openai/gpt-4o").timeouts(Timeouts.DEFAULTS.withTotal(Duration.ofSeconds(50))).build();
    private static final ModelRequest REQUEST = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();

    @Test
    void deadlinesLayerModelThenParamsTimeoutThenCall() {
        assertThat(CallContext.builder(MODEL).build().timeouts(REQUEST).total()).isEqualTo(Duration.ofSeconds(50));
        ModelRequest withTimeout = REQUEST.toBuilder().params(ModelParams.builder().timeout(Duration.ofSeconds(7)).build()).build();
        assertThat(CallContext.builder(MODEL).build().timeouts(withTimeout).total()).isEqualTo(Duration.ofSeconds(7));
        Timeouts t = CallContext.builder(MODEL).totalTimeout(Duration.ofSeconds(3)).attemptTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(1)).build().timeouts(withTimeout);
        assertThat(t).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1)));
    }

    @Test
    void aDeadlineSetToWhatItIsLeavesTheTimeoutsAsTheyAreAndAnyOtherIsChecked() {
        Timeouts t = MODEL.timeouts();
        assertThat(t.withTotal(Duration.ofSeconds(50))).isSameAs(t);
        assertThat(t.withAttempt(t.attempt())).isSameAs(t);
        assertThat(t.withIdle(t.idle())).isSameAs(t);
        assertThat(t.withConnect(t.connect())).isSameAs(t);
        assertThat(t.withTotal(Duration.ofSeconds(51)).total()).isEqualTo(Duration.ofSeconds(51));
        assertThatThrownBy(() -> t.withTotal(null)).isInstanceOf(NullPointerException.class).hasMessage("total");
        assertThatThrownBy(() -> t.withTotal(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeouts.total must be positive, got PT0S");
        assertThat(CallContext.builder(MODEL).build().timeouts(REQUEST.toBuilder()
                .params(ModelParams.builder().timeout(Duration.ofSeconds(50)).build()).build())).isSameAs(t);
    }

    @Test
    void negativeZeroAndAbsurdDeadlinesAreRejectedByName() {
        assertThatThrownBy(() -> CallContext.builder(MODEL).totalTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeouts.total must be positive, got PT-1S");
        assertThatThrownBy(() -> CallContext.builder(MODEL).attemptTimeout(Duration.ZERO).build())
                .hasMessage("timeouts.attempt must be positive, got PT0S");
        assertThatThrownBy(() -> CallContext.builder(MODEL).idleTimeout(Duration.ofDays(400)).build())
                .hasMessage("timeouts.idle must be at most 1 day, got PT9600H");
        assertThatThrownBy(() -> new Timeouts(Duration.ofSeconds(-5), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("timeouts.connect must be positive, got PT-5S");
    }

    @Test
    void retryPolicyRejectsNonsenseByName() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withMaxAttempts(0))
                .hasMessage("retry.max_attempts must be between 1 and 100, got 0");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withJitter(1.5))
                .hasMessage("retry.jitter must be at least 0 and below 1, got 1.5");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withBackoff(Duration.ofSeconds(5), 2, Duration.ofSeconds(1)))
                .hasMessage("retry.max_backoff (PT1S) must be at least retry.initial_backoff (PT5S)");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
                .hasMessage("retry.multiplier must be between 1 and 10, got 0.5");
        assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
    }

    @Test
    void eventsCarryGenAiAttributes() {
        CallContext ctx = CallContext.builder(MODEL).feature("duo_chat").build();
        ModelRequest r = REQUEST.toBuilder().params(ModelParams.builder().maxTokens(64).temperature(0.2).build()).build();
        CallEvent e = CallEvent.builder(ctx, r).streaming(true).attempts(1).build();
        assertThat(e.attributes()).containsEntry(GenAiAttributes.SYSTEM, "openai")
                .containsEntry(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                .containsEntry(GenAiAttributes.REQUEST_MAX_TOKENS, 64L)
                .containsEntry(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
                .containsEntry(GenAiAttributes.DUO_FEATURE, "duo_chat")
                .doesNotContainKey(GenAiAttributes.USAGE_INPUT_TOKENS);
        assertThat(GenAiAttributes.system("bedrock")).isEqualTo("aws.bedrock");
        assertThat(ctx.toString()).doesNotContain("apiKey");
    }
}
