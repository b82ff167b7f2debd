package dev.duo.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user sees when duo.config-file is wrong: the SDK's message, through Spring Boot's failure report. */
@ExtendWith(OutputCaptureExtension.class)
class StartUpFailureTest {

    @TempDir
    Path dir;

    @Test
    void aBadConfigFileIsReportedWithTheSdksMessageAndNoStackTrace(CapturedOutput output) {
        Path bad = Yaml.write(dir, "models:\n  - name: x\n    famly: mistral\n");
        SpringApplication app = new SpringApplication(TestApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run("--duo.config-file=" + bad, "--spring.main.banner-mode=off")).isNotNull();

        String out = output.getAll();
        assertThat(out).contains("APPLICATION FAILED TO START", "The Duo SDK could not start: ", "famly",
                bad.getFileName().toString(), "duo.config-file");
        // Spring's failure report replaces the stack trace: the description is the SDK's message, no frames
        // (Spring still logs its one-line "cancelling refresh attempt" warning before the report)
        String report = out.substring(out.indexOf("Description:"));
        assertThat(report).doesNotContain("Error creating bean").doesNotContain("Exception:");
        assertThat(out).doesNotContain("\tat org.springframework").doesNotContain("Caused by:");
    }
}
