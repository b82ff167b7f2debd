package dev.duo.examples.spring.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the start-up time the Duo starter adds to an empty Spring Boot application: run it in
 * fresh JVMs with {@code with} (the starter's auto-configuration, a one-model duo.yml) and
 * {@code without} (the same class path, the starter's auto-configuration excluded); it prints the
 * milliseconds {@code SpringApplication.run} took. Not a test: a measuring tool (see README).
 *
 * <pre>{@code
 * java -cp <test class path> dev.duo.examples.spring.startup.StartupTime with /path/to/duo.yml
 * }</pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupTime {

    /** {@code with FILE} or {@code without}. */
    public static void main(String[] args) {
        boolean with = args.length > 0 && args[0].equals("with");
        SpringApplication app = new SpringApplication(StartupTime.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        String[] props = with
                ? new String[] {"--duo.config-file=" + args[1], "--spring.main.banner-mode=off", "--logging.level.root=warn"}
                : new String[] {"--spring.autoconfigure.exclude=dev.duo.spring.boot.DuoAutoConfiguration,"
                        + "dev.duo.spring.boot.DuoActuatorAutoConfiguration", "--spring.main.banner-mode=off",
                        "--logging.level.root=warn"};
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        ConfigurableApplicationContext ctx = app.run(props);
        long ms = (System.nanoTime() - start) / 1_000_000;
        // the main thread's CPU time: on a shared machine, far steadier than the wall clock
        long cpuMs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        ctx.close();
        System.out.println("STARTUP_MS " + (with ? "with" : "without") + " wall " + ms + " cpu " + cpuMs);
    }
}
