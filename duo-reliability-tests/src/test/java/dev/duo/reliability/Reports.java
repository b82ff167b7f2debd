package dev.duo.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the figures the README quotes to {@code target/reliability/}. */
final class Reports {

    static final Path DIR = Path.of("target", "reliability");

    private Reports() {
    }

    static void write(String name, List<String> lines, String summary) {
        try {
            Files.createDirectories(DIR);
            List<String> all = new ArrayList<>();
            all.add(summary);
            all.add("");
            all.addAll(lines);
            Files.write(DIR.resolve(name), all);
            System.out.println(summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
