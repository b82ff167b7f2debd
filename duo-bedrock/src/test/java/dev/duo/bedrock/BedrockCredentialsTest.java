package dev.duo.bedrock;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static dev.duo.bedrock.Fixtures.context;
import static dev.duo.bedrock.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.InvalidConfigException;
import dev.duo.MissingCredentialsException;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeBedrockServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Where credentials come from, what happens without them, and that none ever reaches a log. */
class BedrockCredentialsTest {

    private static FakeBedrockServer bedrock;

    @BeforeAll
    static void start() {
        bedrock = FakeBedrockServer.start();
    }

    @AfterAll
    static void stop() {
        bedrock.close();
    }

    @Test
    void withoutAnyCredentialsUsingTheModelFailsNamingWhatToSet() {
        // The build blanks AWS_* and points the profile files at nothing, so the default chain finds nothing.
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(context(bedrock.endpoint(), Map.of())))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("No AWS credentials for Bedrock model 'Claude Sonnet 4 [Bedrock]'")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                    .hasMessageContaining("AWS_BEARER_TOKEN_BEDROCK")
                    .hasMessageContaining("AWS_PROFILE");

            // Other models are unaffected: the same provider serves a model that has credentials.
            try (ModelClient ok = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV))) {
                assertThat(ok.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)).text()).contains("Hi");
            }
        }
    }

    @Test
    void aNamedProfileThatDoesNotExistIsNamedInTheMessage() {
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(context(bedrock.endpoint(), Map.of("AWS_PROFILE", "bedrock-dev"))))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("the profile 'bedrock-dev' (AWS_PROFILE)");
        }
    }

    @Test
    void halfSetStaticKeysNameTheMissingVariableAndNotTheSecret() {
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(context(bedrock.endpoint(),
                    Map.of("AWS_SECRET_ACCESS_KEY", Fixtures.SECRET_KEY))))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
                    .hasMessageNotContaining(Fixtures.SECRET_KEY);
        }
    }

    @Test
    void aBearerTokenIsRefusedOverPlainHttpToARemoteHost() {
        SelfHostedModel model = SelfHostedModel.builder().name("Claude [vpc]").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/" + Fixtures.MODEL_ID).endpoint(URI.create("http://bedrock.internal.example:8080")).build();
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model)
                    .environment(Map.of("AWS_BEARER_TOKEN_BEDROCK", Fixtures.BEARER)).build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("over plain HTTP to bedrock.internal.example")
                    .hasMessageContaining("allow_insecure_endpoint")
                    .hasMessageNotContaining(Fixtures.BEARER);
        }
    }

    @Test
    void withCustomModelsDisabledAnEndpointOverrideMustBeAllowlisted() {
        try (BedrockProvider provider = new BedrockProvider()) {
            ProviderContext.Builder refused = ProviderContext.builder(Fixtures.model(bedrock.endpoint(),
                    dev.duo.model.Timeouts.DEFAULTS)).environment(Fixtures.SIGV4_ENV).customModelsEnabled(false);
            assertThatThrownBy(() -> provider.createClient(refused.build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("custom models are disabled")
                    .hasMessageContaining("custom_endpoint_allowlist");
            String hostPort = bedrock.endpoint().getHost() + ":" + bedrock.endpoint().getPort();
            try (ModelClient allowed = provider.createClient(refused.customEndpointAllowlist(List.of(hostPort)).build())) {
                assertThat(allowed.complete(request("allowed"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("allowed");
            }
            SelfHostedModel vpc = SelfHostedModel.builder().name("Claude [vpce]").family(ModelFamily.CLAUDE_3)
                    .identifier("bedrock/" + Fixtures.MODEL_ID)
                    .endpoint(URI.create("https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com")).build();
            assertThat(provider.createClient(ProviderContext.builder(vpc).environment(Fixtures.SIGV4_ENV)
                    .customModelsEnabled(false).build())).as("AWS's own VPC endpoints need no allowlist").isNotNull();
        }
    }

    @Test
    void aBadEndpointVariableIsNamed() {
        var model = SelfHostedModel.builder().name("Llama [Bedrock]").family(ModelFamily.LLAMA3)
                .identifier("bedrock/meta.llama3-1-8b-instruct-v1:0").build();
        try (BedrockProvider provider = new BedrockProvider()) {
            assertThatThrownBy(() -> provider.createClient(ProviderContext.builder(model)
                    .environment(Map.of("AWS_BEDROCK_RUNTIME_ENDPOINT", "not a url", "AWS_ACCESS_KEY_ID", "a",
                            "AWS_SECRET_ACCESS_KEY", "b")).build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("AWS_BEDROCK_RUNTIME_ENDPOINT");
        }
    }

    @Test
    void wireAndRequestLoggingShowTheExchangeButNoSecret() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(lc);
        logs.start();
        Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger duo = lc.getLogger("dev.duo");
        Level before = duo.getLevel();
        duo.setLevel(Level.DEBUG);
        root.addAppender(logs);
        try {
            for (Map<String, String> env : List.of(Fixtures.SIGV4_ENV, bearerEnv())) {
                ProviderContext ctx = ProviderContext.builder(Fixtures.model(bedrock.endpoint(), dev.duo.model.Timeouts.DEFAULTS))
                        .environment(env).wireLogging(true).requestLogging(true).build();
                try (BedrockProvider provider = new BedrockProvider(); ModelClient client = provider.createClient(ctx)) {
                    client.complete(request("Hello wire"), Attempt.of(Timeouts.DEFAULTS));
                    Fixtures.Recorder r = new Fixtures.Recorder();
                    client.stream(request("Hello stream"), Attempt.of(Timeouts.DEFAULTS), r);
                    r.await();
                    assertThat(r.error).isNull();
                }
            }
        } finally {
            root.detachAppender(logs);
            duo.setLevel(before);
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        String all = String.join("\n", lines);
        assertThat(all).contains("bedrock --> POST http://").contains("/converse").contains("/converse-stream")
                .contains("Authorization: AWS4-HMAC-SHA256 ****").contains("Authorization: Bearer ****")
                .contains("X-Amz-Security-Token: ****").contains("bedrock <-- 200")
                .contains("Hello wire"); // the body, at DEBUG with request logging
        assertThat(all).doesNotContain(Fixtures.SECRET_KEY).doesNotContain(Fixtures.SESSION_TOKEN)
                .doesNotContain(Fixtures.BEARER).doesNotContain("Signature=");
        for (ILoggingEvent e : logs.list) {
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(Fixtures.SECRET_KEY, Fixtures.BEARER);
            }
        }
    }

    private static Map<String, String> bearerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_BEARER_TOKEN_BEDROCK", Fixtures.BEARER);
        return env;
    }
}
