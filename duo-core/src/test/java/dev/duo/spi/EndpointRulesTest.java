package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.config.HttpSettings;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointRulesTest {

    private static URI u(String s) {
        return URI.create(s);
    }

    @Test
    void normalisesAsAnHttpClientResolvesBeforeSending() {
        assertThat(EndpointRules.normalize(u("HTTPS://Vllm.Corp/v1/./chat/../x"))).hasToString("https://vllm.corp:443/v1/x");
        assertThat(EndpointRules.normalize(u("http://h/v1/%2e%2E/admin"))).hasToString("http://h:80/admin");
        assertThat(EndpointRules.normalize(u("http://h/v1/../../../admin/v1"))).hasToString("http://h:80/admin/v1");
        assertThat(EndpointRules.normalize(u("http://h:8080/%7Euser/%2f"))).hasToString("http://h:8080/~user/%2F");
    }

    @Test
    void dotSegmentsCannotClimbOutOfAnAllowlistedPrefix() {
        List<String> allow = List.of("https://vllm.corp/v1");
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v1"), allow)).isTrue();
        assertThat(EndpointRules.onAllowlist(u("https://VLLM.corp:443/v1/"), allow)).isTrue();
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v1/../../admin/v1"), allow)).isFalse();
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v1/%2e%2e/admin"), allow)).isFalse();
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v10"), allow)).isFalse();
        assertThat(EndpointRules.onAllowlist(u("http://vllm.corp/v1"), allow)).isFalse();
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp:8443/v1"), allow)).isFalse();
        // An entry with dot segments or odd case means what it resolves to.
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v1/chat"), List.of("HTTPS://Vllm.Corp:443/x/../v1"))).isTrue();
    }

    @Test
    void hostAndHostPortEntriesCompareNormalised() {
        assertThat(EndpointRules.onAllowlist(u("https://Vllm.Corp/v1"), List.of("vllm.corp"))).isTrue();
        assertThat(EndpointRules.onAllowlist(u("https://vllm.corp/v1"), List.of("VLLM.CORP:443"))).isTrue();
        assertThat(EndpointRules.onAllowlist(u("http://vllm.corp/v1"), List.of("vllm.corp:80"))).isTrue();
        assertThat(EndpointRules.onAllowlist(u("http://vllm.corp:8000/v1"), List.of("vllm.corp:80"))).isFalse();
        assertThat(EndpointRules.onAllowlist(u("http://vllm.corp.evil/v1"), List.of("vllm.corp"))).isFalse();
    }

    @Test
    void aProxyIsACleartextHopForPlainHttpOnly() {
        HttpSettings proxied = new HttpSettings(u("http://user:pw@proxy.corp:3128"), null);
        assertThat(EndpointRules.cleartextHop(u("http://127.0.0.1:8000/v1"), HttpSettings.DEFAULTS)).isEmpty();
        assertThat(EndpointRules.cleartextHop(u("http://127.0.0.1:8000/v1"), proxied))
                .hasValue("plain HTTP through the proxy http://****@proxy.corp:3128");
        assertThat(EndpointRules.cleartextHop(u("https://vllm.corp/v1"), proxied)).isEmpty();
        assertThat(EndpointRules.cleartextHop(u("http://vllm.corp/v1"), HttpSettings.DEFAULTS)).hasValue("plain HTTP");
    }

    @Test
    void userInfoIsDetectedAndNeverDisplayed() {
        URI withPassword = u("http://admin:s3cret@vllm.corp/v1");
        assertThat(EndpointRules.hasUserInfo(withPassword)).isTrue();
        assertThat(EndpointRules.display(withPassword)).isEqualTo("http://****@vllm.corp/v1");
        assertThat(EndpointRules.hasUserInfo(u("http://vllm.corp/v1"))).isFalse();
    }

    @Test
    void loopbackIsLiteralOnly() {
        assertThat(EndpointRules.isLoopback("localhost")).isTrue();
        assertThat(EndpointRules.isLoopback("127.9.9.9")).isTrue();
        assertThat(EndpointRules.isLoopback("[::1]")).isTrue();
        assertThat(EndpointRules.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(EndpointRules.isLoopback("10.0.0.1")).isFalse();
    }
}
