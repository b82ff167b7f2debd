package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cold start in a fresh JVM reports its line; a child that fails says so with its output. No timing. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aColdStartInAFreshJvmReportsTimeClassesAndCpu() {
        ChildJvm.Run r = ChildJvm.run(List.of(ServerProcess.currentJava(), "-cp", StartupRuns.absoluteClassPath(),
                ColdStart.class.getName()), dir, 300);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        String[] line = r.line("COLD ").split(" ");
        assertThat(Double.parseDouble(line[0])).isPositive();
        assertThat(Long.parseLong(line[1])).isGreaterThan(1000);
        assertThat(r.wallMs()).isGreaterThan(Double.parseDouble(line[0]));
    }

    @Test
    void aFailingChildIsReportedWithItsOutput() {
        assertThatThrownBy(() -> ChildJvm.repeat(List.of(ServerProcess.currentJava(), "-cp", StartupRuns.absoluteClassPath(),
                "no.such.Main"), dir, 1, 300)).hasMessageContaining("exit code 1").hasMessageContaining("no.such.Main");
    }
}
