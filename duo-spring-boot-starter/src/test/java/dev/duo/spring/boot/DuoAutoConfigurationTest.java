package dev.duo.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import dev.duo.InvalidConfigException;
import dev.duo.config.DuoConfig;
import dev.duo.admin.SettingProvider;
import dev.duo.micrometer.DuoMicrometer;
import dev.duo.spring.boot.internal.ConfigFailureAnalyzer;
import dev.duo.testkit.FakeOpenAiServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in plain application contexts (no web server): quick, one concern each. */
class DuoAutoConfigurationTest {

    static final FakeOpenAiServer SERVER = FakeOpenAiServer.start();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DuoAutoConfiguration.class, DuoActuatorAutoConfiguration.class))
                .withPropertyValues("duo.config-file=" + Yaml.write(dir, SERVER.endpoint()));
    }

    @Test
    void theClientIsInstalledAsTheDefaultWhileTheContextLivesAndClosedWithIt() {
        AtomicReference<DuoClient> bean = new AtomicReference<>();
        int before = SERVER.requestCount();
        runner().run(ctx -> {
            bean.set(ctx.getBean(DuoClient.class));
            // another thread, as a web request's would be: the installed default, not the lazy duo.yml one
            Thread t = new Thread(() -> new TestApp.Explainer().explain("int x;"));
            t.start();
            t.join();
            assertThat(SERVER.requestCount()).isEqualTo(before + 1);
        });
        assertThatThrownBy(() -> bean.get().feature("duo_chat_explain_code")).isInstanceOf(IllegalStateException.class)
                .hasMessage("this DuoClient is closed");
    }

    @Test
    void duoPropertiesWinOverTheFile() {
        runner().withPropertyValues("duo.beta-models-enabled=true",
                        "duo.features.duo_chat_explain_code.provider=disabled",
                        "duo.features.code_generation.model=Bedrock Claude",
                        "duo.models[0].name=Bedrock Claude", "duo.models[0].family=claude_3",
                        "duo.models[0].identifier=bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0",
                        "duo.models[0].region=us-west-2")
                .run(ctx -> {
                    DuoConfig c = ctx.getBean(DuoClient.class).config();
                    assertThat(c.betaModelsEnabled()).isTrue();
                    assertThat(c.features().get("duo_chat_explain_code").provider()).isEqualTo(SettingProvider.DISABLED);
                    assertThat(c.models().names()).contains("Local vLLM", "Bedrock Claude");
                    assertThat(c.models().get("Bedrock Claude").region()).hasValue("us-west-2");
                });
    }

    @Test
    void aMissingConfigFileFailsStartUpWithTheSdksMessage() {
        Path missing = dir.resolve("nowhere/duo.yml");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DuoAutoConfiguration.class))
                .withPropertyValues("duo.config-file=" + missing)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    Throwable failure = ctx.getStartupFailure();
                    FailureAnalysis analysis = new ConfigFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("The Duo SDK could not start: ")
                            .contains(missing.toString()).contains("does not exist")
                            .doesNotContain("BeanCreationException").doesNotContain("Error creating bean");
                    assertThat(analysis.getAction()).contains("duo.config-file");
                    assertThat(analysis.getCause()).isInstanceOf(InvalidConfigException.class);
                });
    }

    @Test
    void anInvalidConfigFileFailsStartUpNamingTheKeyAndLine() {
        Path bad = Yaml.write(dir, "beta_models_enabled: true\nfeaturez: {}\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DuoAutoConfiguration.class))
                .withPropertyValues("duo.config-file=" + bad)
                .run(ctx -> {
                    FailureAnalysis analysis = new ConfigFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("featurez").contains(bad.getFileName().toString())
                            .containsPattern("line 2");
                });
    }

    @Test
    void aWrongDuoPropertyFailsStartUpNamingIt() {
        runner().withPropertyValues("duo.features.duo_chat.provider=selfhosted")
                .run(ctx -> {
                    FailureAnalysis analysis = new ConfigFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("selfhosted");
                });
    }

    @Test
    void anApplicationsOwnClientReplacesTheStartersOne() {
        runner().withBean("myDuo", DuoClient.class,
                        () -> DuoClient.builder().config(DuoConfig.empty()).environment(Map.of()).build())
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(DuoClient.class);
                    assertThat(ctx.getBean(DuoClient.class).config().models().size()).isZero();
                });
    }

    @Test
    void micrometerIsWiredWhenARegistryBeanExistsAndNotWithoutDuoMicrometer() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
            ctx.getBean(DuoClient.class).feature("duo_chat_explain_code").generate(Map.of("selected_text", "x"));
            assertThat(ctx.getBean(MeterRegistry.class).find(DuoMicrometer.OPERATION_DURATION).timer()).isNotNull();
        });
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(DuoMicrometer.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean("duoMicrometerCustomizer"));
        runner().withPropertyValues("duo.metrics.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("duoMicrometerCustomizer"));
    }

    @Test
    void theHealthIsDownNamingAFeatureWhoseCredentialsAreMissingAndMakesNoCall() {
        int before = SERVER.requestCount();
        runner().withPropertyValues("duo.features.duo_chat_explain_code.model=Keyless",
                        "duo.models[0].name=Keyless", "duo.models[0].family=mistral",
                        "duo.models[0].identifier=mistralai/Mistral-7B-Instruct-v0.3",
                        "duo.models[0].endpoint=" + SERVER.endpoint(), "duo.models[0].api-key-env=DUO_TEST_UNSET_KEY")
                .run(ctx -> {
                    Health h = ctx.getBean(DuoHealthIndicator.class).health();
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> features = (Map<String, Map<String, Object>>) h.getDetails().get("features");
                    assertThat(features.get("duo_chat_explain_code")).containsEntry("status", "error")
                            .containsEntry("error", "MissingCredentialsException");
                    assertThat((String) features.get("duo_chat_explain_code").get("message")).contains("DUO_TEST_UNSET_KEY");
                });
        assertThat(SERVER.requestCount()).isEqualTo(before);
    }

    @Test
    void theProbeCallsEachFeatureOnceAndReusesTheResultWithinItsInterval() {
        runner().withPropertyValues("duo.health.probe=true", "duo.health.probe-interval=1h").run(ctx -> {
            int before = SERVER.requestCount();
            DuoHealthIndicator health = ctx.getBean(DuoHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(SERVER.requestCount()).isEqualTo(before + 1);
            assertThat(SERVER.requests().get(SERVER.requestCount() - 1).body()).contains("\"max_tokens\":1");
        });
    }

    @Test
    void theStarterCanBeTurnedOff() {
        runner().withPropertyValues("duo.enabled=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(DuoClient.class);
            assertThat(ctx).doesNotHaveBean(DuoHealthIndicator.class);
        });
    }
}
