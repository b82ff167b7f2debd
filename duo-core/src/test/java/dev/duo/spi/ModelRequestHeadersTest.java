package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRequestHeadersTest {

    private static ModelRequest.Builder request() {
        return ModelRequest.builder().messages(List.of(Message.user("hi")));
    }

    @Test
    void extraHeadersAreKeptInOrderSurviveToBuilderAndAreUnmodifiable() {
        ModelRequest r = request().header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .header("tracestate", "duo=1").build();
        assertThat(r.headers()).containsExactly(
                Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                Map.entry("tracestate", "duo=1"));
        assertThat(r.toBuilder().build().headers()).isEqualTo(r.headers());
        assertThatThrownBy(() -> r.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(request().build().headers()).isEmpty();
    }

    @Test
    void settingAHeaderAgainReplacesItWhateverItsCase() {
        ModelRequest r = request().header("TraceParent", "a").header("traceparent", "b").build();
        assertThat(r.headers()).containsExactly(Map.entry("traceparent", "b"));
    }

    @Test
    void headersAreTransportMetadataAndDoNotChangeEquality() {
        assertThat(request().header("traceparent", "a").build()).isEqualTo(request().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "x-api-key", "X-Amz-Security-Token", "x-amz-date", "Cookie", "Host",
            "Content-Type"})
    void credentialAndProviderOwnedHeadersAreRefused(String name) {
        assertThatThrownBy(() -> request().header(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header '" + name + "' cannot be set on a model request")
                .hasMessageContaining("credentials come from the model's api_key");
    }

    @Test
    void malformedNamesAndLineBreaksAreRefused() {
        assertThatThrownBy(() -> request().header("bad name", "v")).hasMessage("'bad name' is not a valid HTTP header name");
        assertThatThrownBy(() -> request().header("x-ok", "a\r\nInjected: 1"))
                .hasMessage("the value of header 'x-ok' holds a line break");
    }
}
