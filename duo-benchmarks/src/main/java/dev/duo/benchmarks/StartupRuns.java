package dev.duo.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up in fresh JVMs: {@link ColdStart} (from the first line of main to the first call ready,
 * and the whole process), and {@code duo features list} (the whole process), each plain and with an
 * AppCDS archive of the classes the run loaded (dumped by one run with {@code -XX:ArchiveClassesAtExit},
 * then used with {@code -XX:SharedArchiveFile}: what a launcher could do on any JDK 17+).
 *
 * <pre>{@code
 * Map<String, Object> cold = StartupRuns.coldStart(5, workDir);
 * }</pre>
 */
final class StartupRuns {

    private StartupRuns() {
    }

    static Map<String, Object> coldStart(int runs, Path work) {
        List<String> base = List.of("-cp", absoluteClassPath(), ColdStart.class.getName());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plain", cold(withJava(List.of(), base), work, runs));
        Path jsa = work.resolve("coldstart.jsa");
        ChildJvm.repeat(withJava(List.of("-XX:ArchiveClassesAtExit=" + jsa), base), work, 1, 300);
        m.put("appCds", cold(withJava(List.of("-XX:SharedArchiveFile=" + jsa), base), work, runs));
        return m;
    }

    private static Map<String, Object> cold(List<String> cmd, Path work, int runs) {
        List<ChildJvm.Run> all = ChildJvm.repeat(cmd, work, runs, 300);
        double[] ready = new double[runs];
        double[] wall = new double[runs];
        int classes = 0;
        for (int i = 0; i < runs; i++) {
            String[] line = all.get(i).line("COLD ").split(" ");
            ready[i] = Double.parseDouble(line[0]);
            classes = Integer.parseInt(line[1]);
            wall[i] = all.get(i).wallMs();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readyMsMedian", Rounds.median(ready));
        m.put("wallMsMedian", Rounds.median(wall));
        m.put("readyMs", round(ready));
        m.put("wallMs", round(wall));
        m.put("classesLoaded", classes);
        return m;
    }

    /** {@code duo features list} in an empty directory (no duo.yml: the bundled defaults); skipped without the jar. */
    static Map<String, Object> featuresList(Optional<Path> duoJar, int runs, Path work) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (duoJar.isEmpty()) {
            m.put("skipped", "examples/target/duo.jar not found: build it (mvn -pl examples -am package) or pass --duo-jar PATH");
            return m;
        }
        m.put("jar", duoJar.get().toString());
        List<String> base = List.of("-jar", duoJar.get().toString(), "features", "list");
        m.put("plain", walls(withJava(List.of(), base), work, runs));
        Path jsa = work.resolve("duo-cli.jsa");
        ChildJvm.repeat(withJava(List.of("-XX:ArchiveClassesAtExit=" + jsa), base), work, 1, 300);
        m.put("appCds", walls(withJava(List.of("-XX:SharedArchiveFile=" + jsa), base), work, runs));
        m.put("appCdsC1", walls(withJava(List.of("-XX:SharedArchiveFile=" + jsa, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"), base), work, runs));
        return m;
    }

    private static Map<String, Object> walls(List<String> cmd, Path work, int runs) {
        List<ChildJvm.Run> all = ChildJvm.repeat(cmd, work, runs, 300);
        double[] wall = all.stream().mapToDouble(ChildJvm.Run::wallMs).toArray();
        if (!all.get(0).stdout().contains("code_generations")) {
            throw new IllegalStateException("duo features list did not list code_generations:\n" + all.get(0).stdout());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallMsMedian", Rounds.median(wall));
        m.put("wallMs", round(wall));
        return m;
    }

    /** The jar of the duo command: {@code --duo-jar}, else examples/target/duo.jar near here. */
    static Optional<Path> findDuoJar(String given) {
        if (given != null) {
            return Optional.of(Path.of(given)).filter(Files::isRegularFile);
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("examples/target/duo.jar"), Path.of("../examples/target/duo.jar")));
        try {
            Path here = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // duo-benchmarks/target/benchmarks.jar -> examples/target/duo.jar
            candidates.add(here.toAbsolutePath().getParent().getParent().getParent().resolve("examples/target/duo.jar"));
        } catch (Exception e) {
            // no code source: only the working-directory candidates
        }
        return candidates.stream().filter(Files::isRegularFile).map(Path::toAbsolutePath).findFirst();
    }

    /** This JVM's class path with absolute entries (children run in another directory). */
    static String absoluteClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            out.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static List<String> withJava(List<String> jvmArgs, List<String> rest) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.currentJava());
        cmd.addAll(jvmArgs);
        cmd.addAll(rest);
        return cmd;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 10) / 10.0;
        }
        return r;
    }
}
