package dev.duo.bedrock.internal;

import dev.duo.spi.Attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.ProviderUnavailableException;
import dev.duo.config.HttpSettings;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** Mapping tables, redaction, client sharing and settings resolution, without a server. */
class InternalsTest {

    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t/value");

    @Test
    void everyStopReasonHasAFinishReason() {
        assertThat(ConverseMapper.finishReason(StopReason.END_TURN)).isEqualTo(FinishReason.STOP);
        assertThat(ConverseMapper.finishReason(StopReason.MAX_TOKENS)).isEqualTo(FinishReason.LENGTH);
        assertThat(ConverseMapper.finishReason(StopReason.STOP_SEQUENCE)).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(ConverseMapper.finishReason(StopReason.GUARDRAIL_INTERVENED)).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(ConverseMapper.finishReason(StopReason.CONTENT_FILTERED)).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(ConverseMapper.finishReason(StopReason.TOOL_USE)).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(ConverseMapper.finishReason(StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED)).isEqualTo(FinishReason.CONTEXT_WINDOW_EXCEEDED);
        assertThat(ConverseMapper.finishReason(StopReason.UNKNOWN_TO_SDK_VERSION)).isEqualTo(FinishReason.OTHER);
        assertThat(ConverseMapper.finishReason(null)).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void theSdkDeadlinesAreTheOnesTheRuntimeDecidedNeverRederived() {
        // params.timeout is the call's total, already applied by the runtime: the mapper does not read it
        ModelRequest r = ModelRequest.builder().messages(List.of(Message.user("x")))
                .params(ModelParams.builder().timeout(Duration.ofSeconds(5)).build()).build();
        ConverseRequest req = ConverseMapper.converse("m", r, Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(req.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(Duration.ofSeconds(7));
        assertThat(req.overrideConfiguration().orElseThrow().apiCallAttemptTimeout()).contains(Duration.ofSeconds(7));

        ConverseRequest plain = ConverseMapper.converse("m", r.toBuilder().params(ModelParams.NONE).build(),
                Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertThat(plain.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(Duration.ofSeconds(3));
        assertThat(plain.overrideConfiguration().orElseThrow().apiCallAttemptTimeout())
                .as("an attempt never outlasts the call").contains(Duration.ofSeconds(3));
        assertThat(plain.inferenceConfig()).isNull();
    }

    @Test
    void credentialHeadersAreRedactedAndOthersKept() {
        assertThat(WireLoggingInterceptor.redact("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc"))
                .isEqualTo("AWS4-HMAC-SHA256 ****");
        assertThat(WireLoggingInterceptor.redact("authorization", "Bearer tok")).isEqualTo("Bearer ****");
        assertThat(WireLoggingInterceptor.redact("X-Amz-Security-Token", "FwoG...")).isEqualTo("****");
        assertThat(WireLoggingInterceptor.redact("X-Amz-Signature", "abc")).isEqualTo("****");
        assertThat(WireLoggingInterceptor.redact("X-Amz-Credential", "AKIA/20250101")).isEqualTo("****");
        assertThat(WireLoggingInterceptor.redact("Content-Type", "application/json")).isEqualTo("application/json");
    }

    @Test
    void authNeverPrintsItsSecrets() {
        AwsAuth staticKeys = AwsAuth.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE1234",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t/value", "AWS_SESSION_TOKEN", "sessiontok"), "m");
        AwsAuth bearer = AwsAuth.fromEnvironment(Map.of("AWS_BEARER_TOKEN_BEDROCK", "bearer-value"), "m");
        assertThat(staticKeys.toString()).isEqualTo("AwsAuth[static ****1234 +session]");
        assertThat(bearer.toString()).isEqualTo("AwsAuth[bearer ****]");
        assertThat(staticKeys.kind()).isEqualTo(AwsAuth.Kind.STATIC);
        assertThat(bearer.kind()).isEqualTo(AwsAuth.Kind.BEARER);
    }

    @Test
    void modelsWithEqualSettingsShareOneSdkClientAndOthersGetTheirOwn() {
        BedrockSettings a = BedrockSettings.resolve(ctx("us-east-1", KEYS));
        BedrockSettings b = BedrockSettings.resolve(ctx("us-east-1", Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t/value")));
        BedrockSettings c = BedrockSettings.resolve(ctx("eu-west-1", KEYS));
        assertThat(a.key()).isEqualTo(b.key()).isNotEqualTo(c.key());
        assertThat(a.key().toString()).doesNotContain("s3cr3t");
        try (AwsSdkClientCache clients = new AwsSdkClientCache()) {
            assertThat(clients.sync(a.key())).isSameAs(clients.sync(b.key())).isNotSameAs(clients.sync(c.key()));
            clients.close();
            assertThatThrownBy(() -> clients.sync(a.key())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void regionFallsBackToAwsRegionThenUsEast1() {
        SelfHostedModel noRegion = SelfHostedModel.builder().name("n").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/anthropic.claude-3-5-haiku-20241022-v1:0").build();
        assertThat(BedrockSettings.resolve(ProviderContext.builder(noRegion).environment(KEYS).build()).key().region())
                .isEqualTo("us-east-1");
        Map<String, String> env = new java.util.HashMap<>(KEYS);
        env.put("AWS_REGION", "ap-southeast-2");
        BedrockSettings s = BedrockSettings.resolve(ProviderContext.builder(noRegion).environment(env).build());
        assertThat(s.key().region()).isEqualTo("ap-southeast-2");
        assertThat(s.key().endpoint()).isNull();
        assertThat(s.modelId()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
    }

    @Test
    void aRefusedConnectionIsProviderUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BedrockSettings s = BedrockSettings.resolve(ProviderContext.builder(SelfHostedModel.builder().name("Closed")
                .family(ModelFamily.CLAUDE_3).identifier("bedrock/m").endpoint(URI.create("http://127.0.0.1:" + port))
                .timeouts(Timeouts.DEFAULTS.withConnect(Duration.ofSeconds(2))).build()).environment(KEYS).build());
        try (AwsSdkClientCache clients = new AwsSdkClientCache()) {
            BedrockModelClient client = new BedrockModelClient(s, clients, System::nanoTime);
            assertThatThrownBy(() -> client.complete(ModelRequest.builder().messages(List.of(Message.user("x"))).build(), Attempt.of(Timeouts.DEFAULTS)))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("Cannot connect to Bedrock for model 'Closed'")
                    .hasMessageNotContaining("s3cr3t");
        }
    }

    @Test
    void aConnectionClosedBeforeTheWholeBodyIsARetryableBrokenConnection() {
        var e = BedrockErrors.map(software.amazon.awssdk.core.exception.SdkClientException.create("Unable to unmarshall response",
                new org.apache.hc.core5.http.ConnectionClosedException("Premature end of Content-Length delimited message body")), "m");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("The connection to Bedrock broke during the answer of model 'm'");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void anAnswerOverTheLimitIsAnInvalidResponseNotRetried() {
        var e = BedrockErrors.map(software.amazon.awssdk.core.exception.SdkClientException.create("Unable to unmarshall response",
                new ResponseSizeLimit.TooLarge("an answer larger than 8 MiB (the limit for a whole answer)")), "m");
        assertThat(e).isInstanceOf(dev.duo.InvalidResponseException.class)
                .hasMessage("Bedrock's answer for model 'm' was refused: it was an answer larger than 8 MiB (the limit for a"
                        + " whole answer) [provider=bedrock, model=m]");
        assertThat(e.retryable()).isFalse();
    }

    private static ProviderContext ctx(String region, Map<String, String> env) {
        SelfHostedModel m = SelfHostedModel.builder().name("m-" + region).family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/anthropic.claude-3-5-haiku-20241022-v1:0").region(region).build();
        return ProviderContext.builder(m).environment(env).http(HttpSettings.DEFAULTS).build();
    }
}
