package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real JVMs, each a service under a steady load of calls on one PostgreSQL store: a
 * {@code duo features assign} switches the model both serve, 20 times; no call fails. Measures the
 * time from the store's commit (its own clock_timestamp(), the machine's clock) to the first call
 * each JVM served with the new model, and reports the median and max of the slower JVM per switch.
 */
class TwoJvmStoreSwitchTest {

    private static final String A = "Mixtral 8x22b [Fireworks AI]";
    private static final String B = "Codestral 22b v0.1 [Fireworks AI]";
    private static final int SWITCHES = 20;
    private static final long BOUND_SECONDS = 30;

    @TempDir
    Path dir;

    private StoreDatabase db;
    private final List<Service> services = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        db = StoreDatabase.create();
        Files.writeString(dir.resolve("duo.yml"), db.storeYaml(db.url));
    }

    @AfterEach
    void stop() throws Exception {
        for (Service s : services) {
            s.process.destroyForcibly();
        }
        if (db != null) {
            db.close();
        }
    }

    private Cli.Result duo(String... args) {
        Cli cli = new Cli(dir);
        db.environment().forEach(cli::env);
        return cli.run(args);
    }

    /** One child JVM and the lines it printed. */
    private static final class Service {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Service(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "service-output");
            t.setDaemon(true);
            t.start();
        }

        /**
         * The epoch micros of the first call served by {@code model} at or after {@code since}. Earlier
         * lines are older news: a call in flight at a switch finishes on the old model, after the new one
         * has been served, and is reported as a change back.
         */
        long servedBy(String model, long since) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (System.nanoTime() < end) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("SERVED " + model + "\t")) {
                    long at = Long.parseLong(line.substring(line.indexOf('\t') + 1));
                    if (at >= since) {
                        return at;
                    }
                }
            }
            throw new AssertionError("not served by " + model + " within " + BOUND_SECONDS + " s");
        }

        String done() throws Exception {
            try (OutputStream in = process.getOutputStream()) {
                in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (System.nanoTime() < end) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("DONE ")) {
                    return line;
                }
            }
            throw new AssertionError("the service did not stop");
        }
    }

    private Service start(int n) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Xmx256m", "-XX:TieredStopAtLevel=1", StoreLoadClient.class.getName(),
                dir.resolve("duo.yml").toString());
        Map<String, String> env = pb.environment();
        env.putAll(db.environment());
        env.remove("DUO_CONFIG");
        pb.redirectError(dir.resolve("service-" + n + ".err").toFile());
        Service s = new Service(pb.start());
        services.add(s);
        return s;
    }

    private long commitMicros() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (extract(epoch FROM updated_at) * 1000000)::bigint FROM duo_settings")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void anAssignFromTheCliSwitchesBothJvmsWithoutAFailedCall() throws Exception {
        assertThat(duo("models", "seed").code()).isZero();
        assertThat(duo("features", "assign", "code_generation", "--model", A).code()).isZero();
        Service one = start(1);
        Service two = start(2);
        one.servedBy(A, 0);
        two.servedBy(A, 0);

        List<Long> switchMillis = new ArrayList<>();
        List<Long> perJvmMillis = new ArrayList<>();
        for (int i = 0; i < SWITCHES; i++) {
            String target = i % 2 == 0 ? B : A;
            Cli.Result r = duo("features", "assign", "code_generation", "--model", target);
            assertThat(r.code()).as(r.toString()).isZero();
            long commit = commitMicros();
            long first = one.servedBy(target, commit) - commit;
            long second = two.servedBy(target, commit) - commit;
            perJvmMillis.add(first / 1000);
            perJvmMillis.add(second / 1000);
            switchMillis.add(Math.max(first, second) / 1000);
        }
        String doneOne = one.done();
        String doneTwo = two.done();

        List<Long> sorted = new ArrayList<>(switchMillis);
        sorted.sort(null);
        long median = (sorted.get(SWITCHES / 2 - 1) + sorted.get(SWITCHES / 2)) / 2;
        long max = sorted.get(SWITCHES - 1);
        String report = "two JVMs, " + SWITCHES + " switches, commit to first call served by the new model in both: median "
                + median + " ms, max " + max + " ms (per switch: " + switchMillis + "; per JVM: " + perJvmMillis + "); "
                + doneOne + " / " + doneTwo;
        System.out.println(report);
        Files.writeString(Path.of("target", "store-switch-latency.txt"), report + "\n");

        for (String done : List.of(doneOne, doneTwo)) {
            String[] parts = done.split(" ");
            assertThat(Long.parseLong(parts[2])).as("failed calls: " + done).isZero();
            assertThat(Long.parseLong(parts[1])).as("calls made: " + done).isGreaterThan(SWITCHES);
        }
        assertThat(switchMillis).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0L));
        assertThat(median).as(report).isLessThan(1000);
    }
}
