package dev.duo.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoModelTest {

    @Test
    void echoesWordByWord() {
        EchoModel.Answer a = EchoModel.answer("  one   two three ", 7, null, List.of());
        assertThat(a.tokens()).containsExactly("one", " two", " three");
        assertThat(a.text()).isEqualTo("one two three");
        assertThat(a.finish()).isEqualTo(EchoModel.Finish.END);
        assertThat(a.promptTokens()).isEqualTo(7);
    }

    @Test
    void cutsAtMaxTokens() {
        EchoModel.Answer a = EchoModel.answer("one two three", 3, 2, List.of());
        assertThat(a.text()).isEqualTo("one two");
        assertThat(a.finish()).isEqualTo(EchoModel.Finish.LENGTH);
    }

    @Test
    void stopsBeforeTheEarliestStopSequence() {
        assertThat(EchoModel.answer("alpha beta gamma delta", 4, null, List.of("delta", "gam")).text()).isEqualTo("alpha beta ");
        assertThat(EchoModel.answer("alpha beta", 2, null, List.of("alpha")).tokens()).isEmpty();
        assertThat(EchoModel.answer("alpha beta", 2, null, List.of("ta")).text()).isEqualTo("alpha be");
    }

    @Test
    void answersSomethingToAnEmptyPrompt() {
        assertThat(EchoModel.answer("   ", 0, null, List.of()).text()).isEqualTo("OK");
    }
}
