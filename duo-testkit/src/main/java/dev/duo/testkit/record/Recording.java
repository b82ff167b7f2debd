package dev.duo.testkit.record;

import dev.duo.testkit.internal.record.RecordingJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of {@link Exchange}s, stored as pretty JSON (one entry per exchange) so a
 * reviewer can read it in a merge request.
 *
 * <pre>{@code
 * Recording r = Recording.read(Path.of("src/test/resources/duo-recordings/CommitMessageServiceTest/writesASummary.json"));
 * r.exchanges().get(0).text();
 * }</pre>
 */
public final class Recording {

    private final List<Exchange> exchanges;

    /** A recording of these exchanges, in order. */
    public Recording(List<Exchange> exchanges) {
        this.exchanges = List.copyOf(exchanges);
    }

    /** The exchanges, in the order they happened. */
    public List<Exchange> exchanges() {
        return exchanges;
    }

    /**
     * Reads a recording file.
     *
     * @throws UncheckedIOException when it cannot be read
     * @throws IllegalArgumentException naming the file and what is malformed
     */
    public static Recording read(Path file) {
        try {
            return RecordingJson.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses recording JSON; {@code source} names it in errors. */
    public static Recording parse(String json, String source) {
        return RecordingJson.parse(json, source);
    }

    /** The pretty JSON of this recording. */
    public String toJson() {
        return RecordingJson.write(this);
    }

    /** Writes the file (creating its directory) atomically: a temp file, then a rename. */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Recording{" + exchanges.size() + " exchanges}";
    }
}
