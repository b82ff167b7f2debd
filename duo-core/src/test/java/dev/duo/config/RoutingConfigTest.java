package dev.duo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.model.CircuitBreakerSettings;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's routing keys in duo.yml: read, range-checked with the key and the fix named, written back. */
class RoutingConfigTest {

    @TempDir
    Path dir;

    private DuoConfig load(String modelKeys) throws Exception {
        Path file = dir.resolve("duo.yml");
        Files.writeString(file, """
                models:
                  - name: vLLM
                    family: mistral
                    identifier: custom_openai/mistral
                    endpoint: http://localhost:8000/v1
                """ + modelKeys.indent(4));
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void circuitBreakerAndConcurrencyAreReadAndWrittenBack() throws Exception {
        DuoConfig c = load("""
                circuit_breaker: { failure_rate_threshold: 80, sliding_window: 20, minimum_calls: 10, wait_in_open: 1m, half_open_calls: 3 }
                max_concurrent_requests: 16
                """);
        SelfHostedModel m = c.models().get("vLLM");
        assertThat(m.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(null, 80, 20, 10, Duration.ofMinutes(1), 3));
        assertThat(m.maxConcurrentRequests()).isEqualTo(16);
        var entry = ConfigMapper.toFile(c, dir).models.get(0);
        assertThat(entry.maxConcurrentRequests).isEqualTo(16);
        assertThat(entry.circuitBreaker.waitInOpen).isEqualTo("1m");
        assertThat(entry.circuitBreaker.enabled).isNull();

        SelfHostedModel plain = load("").models().get("vLLM");
        assertThat(plain.circuitBreaker()).isEqualTo(CircuitBreakerSettings.DEFAULTS);
        assertThat(plain.maxConcurrentRequests()).isZero();
        assertThat(ConfigMapper.toFile(load(""), dir).models.get(0).circuitBreaker).isNull();
        assertThat(load("circuit_breaker: { enabled: false }").models().get("vLLM").circuitBreaker().activeFor(false)).isFalse();
        assertThat(load("circuit_breaker: { sliding_window: 3 }").models().get("vLLM").circuitBreaker().minimumCalls())
                .as("a small window lowers the default minimum").isEqualTo(3);
    }

    @Test
    void theDefaultsSkipADeadModelAfterAtMostTenCallsAndWaitAtLeast30Seconds() {
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULTS;
        assertThat(d.minimumCalls()).isLessThanOrEqualTo(10);
        assertThat(d.slidingWindow()).isLessThanOrEqualTo(10);
        assertThat(d.waitInOpen()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(d.activeFor(false)).isTrue();
        assertThat(d.activeFor(true)).as("a test fake has none unless asked").isFalse();
    }

    @Test
    void maxConcurrentRequestsZeroNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("max_concurrent_requests: 0")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("models[0] (vLLM): max_concurrent_requests is 0: set a bound of at least 1,"
                        + " such as 16, or remove the key for no bound");
    }

    @Test
    void outOfRangeCircuitBreakerSettingsNameTheKeyAndTheRange() {
        assertThatThrownBy(() -> load("circuit_breaker: { failure_rate_threshold: 0 }"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("models[0] (vLLM): circuit_breaker.failure_rate_threshold is 0: set it between 1 and 100");
        assertThatThrownBy(() -> load("circuit_breaker: { failure_rate_threshold: 101 }"))
                .hasMessageContaining("circuit_breaker.failure_rate_threshold is 101: set it between 1 and 100");
        assertThatThrownBy(() -> load("circuit_breaker: { sliding_window: 0 }"))
                .hasMessageContaining("circuit_breaker.sliding_window is 0: set it between 1 and 1000");
        assertThatThrownBy(() -> load("circuit_breaker: { sliding_window: 4, minimum_calls: 5 }"))
                .hasMessageContaining("circuit_breaker.minimum_calls is 5: set it between 1 and 4 (at most sliding_window (4))");
        assertThatThrownBy(() -> load("circuit_breaker: { wait_in_open: 500ms }"))
                .hasMessageContaining("circuit_breaker.wait_in_open is 500 ms: set it between 1s and 1h, such as 30s");
        assertThatThrownBy(() -> load("circuit_breaker: { wait_in_open: 2h }"))
                .hasMessageContaining("circuit_breaker.wait_in_open is 7200000 ms: set it between 1s and 1h");
        assertThatThrownBy(() -> load("circuit_breaker: { half_open_calls: 0 }"))
                .hasMessageContaining("circuit_breaker.half_open_calls is 0: set it between 1 and 100");
        assertThatThrownBy(() -> load("circuit_breaker: { wait_in_open: soon }"))
                .hasMessageContaining("circuit_breaker.wait_in_open is 'soon': write a duration such as 500ms, 30s, 2m or 1h");
        assertThatThrownBy(() -> load("circuit_breaker: { window: 3 }")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("window");
    }
}
