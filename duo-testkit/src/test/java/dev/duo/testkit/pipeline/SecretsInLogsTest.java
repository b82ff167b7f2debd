package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.model.Secret;
import dev.duo.call.CallContext;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With request logging on and every logger at TRACE, a run full of faults logs no secret. */
class SecretsInLogsTest {

    private static final String API_KEY = "fw_TESTONLYnotArealKEY0001";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEHQaCXVzLWVhc3QtMSJHMEUCIQ";
    private static final String BEARER = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl";

    @Test
    void capturedLogsHoldNoKeySecretOrToken() {
        FaultPlan plan = FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofSeconds(1)).withMessage("slow down, key " + API_KEY))
                .next(Fault.status(503))
                .next(Fault.status(401).withMessage("invalid api key " + API_KEY + " (x-api-key: " + API_KEY + ")"))
                .next(Fault.stall())
                .next(Fault.disconnectAfterChunks(0))
                .next(Fault.stallAfterChunks(1))
                .thenRandomly(0.5, 7L, Fault.status(500), Fault.reset(), Fault.malformed(), Fault.stall(),
                        Fault.status(403).withMessage("token " + SESSION_TOKEN + " expired"))
                .build();
        Fixture fx = new Fixture(plan, RetryPolicy.DEFAULTS, b -> b.requestLogging(true));
        CallContext ctx = Fixture.ctx().secret(Secret.of(API_KEY)).secret(Secret.of(AWS_SECRET))
                .secret(Secret.of(SESSION_TOKEN)).build();
        ModelRequest leaky = ModelRequest.builder().feature("duo_chat").messages(List.of(
                Message.system("You are a helper. Authorization: Bearer " + BEARER),
                Message.user("my key is " + API_KEY + ", aws_secret_access_key=" + AWS_SECRET
                        + " id " + AWS_KEY_ID + " url https://host/v1?api_key=" + API_KEY + "&x=1"),
                Message.assistant("noted"),
                Message.user("Write fizzbuzz"))).build();
        for (int i = 0; i < 6; i++) {
            fx.fake.enqueue(FakeModelClient.Answer.text("echo " + API_KEY + " and " + SESSION_TOKEN + " done"));
        }

        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 6; i++) {
                if (i % 2 == 0) {
                    fx.streamToEnd(ctx, leaky);
                } else {
                    fx.vt.runUntil(fx.pipeline.executeAsync(ctx, fx.fake, leaky)::isDone);
                }
            }
            fx.vt.runAll();
            String all = logs.all();

            assertThat(all).contains("Write fizzbuzz").contains("****").contains("retrying");
            for (String secret : List.of(API_KEY, AWS_SECRET, AWS_KEY_ID, SESSION_TOKEN, BEARER)) {
                assertThat(all).as("logs hold " + secret).doesNotContain(secret);
            }
        }
    }
}
