package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a separate JVM writes duo.yml in a loop and is killed ({@code destroyForcibly},
 * SIGKILL) at a random moment, several times over. After each kill the file must parse and be
 * exactly one of the generations written (never a mix, never a torn file), and the next writer
 * must carry on (a killed writer's lock is gone with its process).
 */
class ConfigCrashTest {

    static final int KILLS = 5;

    @Test
    void aWriterKilledMidWriteLeavesAWholeFileEveryTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("duo.yml");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Random random = new Random(7);
        int next = 0;
        List<String> report = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = new ProcessBuilder(java, "-cp", cp, CrashingWriter.class.getName(), file.toString(),
                    String.valueOf(next)).redirectError(dir.resolve("writer-" + kill + ".err").toFile()).start();
            AtomicInteger written = new AtomicInteger(-1);
            AtomicInteger lines = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        written.set(Integer.parseInt(line.strip()));
                        lines.incrementAndGet();
                    }
                } catch (Exception ignored) {
                    // the process was killed
                }
            });
            reader.start();
            // Let it write a few generations, then kill it at a random moment within the next write or two.
            int target = 3 + random.nextInt(4);
            long deadline = System.currentTimeMillis() + 60_000;
            while (lines.get() < target && p.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(2);
            }
            assertThat(p.isAlive()).as("writer alive; stderr in %s", dir).isTrue();
            Thread.sleep(random.nextInt(40));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);

            DuoConfig after = DuoConfigStore.of(file).read();
            Set<String> generations = after.models().names().stream().map(n -> n.substring(0, n.indexOf('-')))
                    .collect(Collectors.toSet());
            assertThat(generations).as("one generation, not a mix").hasSize(1);
            assertThat(after.models().names()).as("the whole generation").hasSize(CrashingWriter.MODELS);
            int g = Integer.parseInt(generations.iterator().next().substring(1));
            // Every generation reported written is on disk (or a later one: the report lags the write).
            assertThat(g).as("generation on disk vs last reported %s", written.get()).isGreaterThanOrEqualTo(Math.max(0, written.get()));
            report.add("kill " + (kill + 1) + ": after generation " + written.get() + " was reported, the file holds generation " + g
                    + " whole (" + Files.size(file) + " bytes)");
            next = g + 1;
        }
        Reports.write("crash.md", report, KILLS + " writers killed with destroyForcibly mid-loop: the file parsed and was one whole"
                + " generation every time");
    }
}
