package dev.duo.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM run to its end, timed from {@code ProcessBuilder.start()} to its exit (the whole
 * process's wall time, JVM boot included), with its standard output kept for the line it reports on.
 *
 * <pre>{@code
 * ChildJvm.Run r = ChildJvm.run(List.of(java, "-cp", cp, ColdStart.class.getName()), dir, 60);
 * double ms = r.wallMs();
 * }</pre>
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** One run: wall time, exit code, and standard output. */
    record Run(double wallMs, int exitCode, String stdout) {

        /** The last line of standard output that starts with {@code prefix}, without it; null if none. */
        String line(String prefix) {
            String found = null;
            for (String l : stdout.split("\n")) {
                if (l.startsWith(prefix)) {
                    found = l.substring(prefix.length()).trim();
                }
            }
            return found;
        }
    }

    static Run run(List<String> command, Path dir, long timeoutSeconds) {
        try {
            // Output to a file, not a pipe: a child that hangs with its output open still meets the timeout.
            Path out = java.nio.file.Files.createTempFile("duo-bench-child-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().remove("DUO_CONFIG");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("a child JVM ran longer than " + timeoutSeconds + " s: " + command);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            String text = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
            java.nio.file.Files.deleteIfExists(out);
            return new Run(ms, p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code runs} runs of one command; throws with the child's output when one fails. */
    static List<Run> repeat(List<String> command, Path dir, int runs, long timeoutSeconds) {
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run r = run(command, dir, timeoutSeconds);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("exit code " + r.exitCode() + " from " + command + ":\n" + r.stdout());
            }
            out.add(r);
        }
        return out;
    }
}
