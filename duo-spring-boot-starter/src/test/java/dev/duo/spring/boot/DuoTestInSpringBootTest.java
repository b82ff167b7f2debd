package dev.duo.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.junit.DuoTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @DuoTest} in a {@code @SpringBootTest}: code that calls {@code DuoClient.forFeature} on the
 * test's thread gets the test's fake, not the starter's client (a scoped override beats the installed
 * default). The starter's client still starts, from a duo.yml whose model is never called.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DuoTest
class DuoTestInSpringBootTest {

    @DynamicPropertySource
    static void duoConfig(DynamicPropertyRegistry registry) {
        Path file = Yaml.write(Path.of("target", "duo-test-in-spring"),
                java.net.URI.create("http://127.0.0.1:9/v1"));   // a port nobody answers on: a call would fail
        registry.add("duo.config-file", file::toString);
    }

    @Autowired
    TestApp.Explainer explainer;

    @Test
    void theFakeAnswersTheServiceBean(FakeModelClient fake) {
        fake.whenFeature("duo_chat_explain_code").thenAnswer("It doubles x.");

        assertThat(explainer.explain("int twice(int x) { return 2 * x; }")).isEqualTo("It doubles x.");
        fake.assertCalled("duo_chat_explain_code").assertUserMessageContains("return 2 * x");
    }
}
