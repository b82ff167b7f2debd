package dev.duo.testkit.internal.junit;

import dev.duo.DuoClient;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.CallLog;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.TestClients;
import dev.duo.testkit.junit.DuoTest;
import dev.duo.testkit.junit.ModelClientFactory;
import dev.duo.testkit.record.Recording;
import dev.duo.testkit.record.RecordingModelClient;
import dev.duo.testkit.record.ReplayModelClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@code @DuoTest} method owns: the model client (fake, recorder or replay), the
 * DuoClient on it, and the override of the default client. Kept in the method's extension store,
 * which closes it after the test.
 */
public final class TestState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DuoTest.class);

    /** The system property (or, upper-cased with underscores, environment variable) choosing the mode. */
    public static final String MODE_PROPERTY = "duo.recording.mode";
    /** The system property naming the recordings directory. */
    public static final String DIR_PROPERTY = "duo.recordings.dir";

    /** Record or replay. */
    public enum Mode { RECORD, REPLAY }

    private final FakeModelClient fake;
    private final RecordingModelClient recorder;
    private final ReplayModelClient replay;
    private final ModelClient modelClient;
    private final CallLog calls;
    private final IntSupplier openStreams;
    private final DuoClient client;
    private final Path recordingFile;
    private DuoClient.DefaultOverride override;
    private volatile boolean closed;

    private TestState(FakeModelClient fake, RecordingModelClient recorder, ReplayModelClient replay, ModelClient mc,
                      CallLog calls, IntSupplier openStreams, DuoTest settings, Path recordingFile, SelfHostedModel real) {
        this.fake = fake;
        this.recorder = recorder;
        this.replay = replay;
        this.modelClient = mc;
        this.calls = calls;
        this.openStreams = openStreams;
        this.recordingFile = recordingFile;
        try {
            TestClients.Builder b = TestClients.builder(mc).betaModelsEnabled(settings.betaModelsEnabled());
            // A recording is of what the real model is sent: its family's prompts, its params.
            this.client = (real != null ? b.standInFor(real) : b.family(ModelFamily.fromId(settings.family()))).build();
        } catch (RuntimeException e) {
            mc.close();
            throw e;
        }
    }

    /** A fake-backed state. */
    public static TestState withFake(DuoTest settings) {
        FakeModelClient fake = FakeModelClient.builder().model(TestClients.MODEL_NAME).build();
        return new TestState(fake, null, null, fake, fake, fake::openStreams, settings, null, null);
    }

    /**
     * A recording state: record through the factory's client, or replay the file.
     *
     * @param file the recording's source path
     * @param classpathName the recording's name on the test class path, read when the file is absent
     */
    public static TestState withRecording(DuoTest settings, Mode mode, Path file, String classpathName, ClassLoader loader)
            throws Exception {
        ModelClientFactory factory = null;
        if (settings.recordWith() != ModelClientFactory.class) {
            var constructor = settings.recordWith().getDeclaredConstructor();
            constructor.setAccessible(true);   // a factory nested in a package-private test class is fine
            factory = constructor.newInstance();
        }
        List<String> secrets = new ArrayList<>();
        SelfHostedModel real = null;
        if (factory != null) {
            factory.secrets().forEach(s -> secrets.add(s.reveal()));
            real = factory.model().orElse(null);
        }
        if (mode == Mode.RECORD) {
            if (factory == null) {
                throw new IllegalStateException("recording '" + file + "' is in record mode (-D" + MODE_PROPERTY
                        + "=record) but @DuoTest names no recordWith = <your ModelClientFactory>.class to record against");
            }
            if (real == null) {
                LOG.warn("{} names no model(): the recording holds prompts rendered for @DuoTest's family {}, which "
                        + "may not be what your model is sent; override model() to return the real model",
                        settings.recordWith().getName(), settings.family());
            }
            RecordingModelClient rec = RecordingModelClient.builder(factory.create()).model(factory.modelName())
                    .secretValues(secrets).build();
            return new TestState(null, rec, null, rec, rec, rec::openStreams, settings, file, real);
        }
        Recording recording;
        String source;
        if (Files.isRegularFile(file)) {
            recording = Recording.read(file);
            source = file.toString();
        } else {
            try (var in = loader.getResourceAsStream(classpathName)) {
                if (in == null) {
                    throw new IllegalStateException("no recording at " + file + " (nor " + classpathName
                            + " on the test class path): record it once with -D" + MODE_PROPERTY + "=record"
                            + (factory == null ? " and @DuoTest(recordWith = <your ModelClientFactory>.class)" : ""));
                }
                source = "classpath:" + classpathName;
                recording = Recording.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), source);
            }
        }
        ReplayModelClient replay = ReplayModelClient.builder(recording).source(source).secretValues(secrets).build();
        return new TestState(null, null, replay, replay, replay, replay::openStreams, settings, file, real);
    }

    /**
     * The mode asked for (default replay).
     *
     * @param configured the JUnit configuration parameter (which falls back on the system property), or null
     */
    public static Mode mode(String configured) {
        String v = configured != null ? configured : System.getenv("DUO_RECORDING_MODE");
        if (v == null || v.isBlank() || v.equalsIgnoreCase("replay")) {
            return Mode.REPLAY;
        }
        if (v.equalsIgnoreCase("record")) {
            return Mode.RECORD;
        }
        throw new IllegalArgumentException(MODE_PROPERTY + " must be record or replay, got '" + v + "'");
    }

    /** Makes {@code DuoClient.forFeature} return this state's client on this thread (and threads it starts). */
    public void overrideDefault() {
        if (override == null) {
            override = DuoClient.overrideDefault(client);
        }
    }

    /** Ends the override; call on the thread that made it. */
    public void endOverride() {
        if (override != null) {
            try {
                override.close();
            } finally {
                override = null;
            }
        }
    }

    /** The fake, or null in a recording test. */
    public FakeModelClient fake() {
        return fake;
    }

    /** The client. */
    public DuoClient client() {
        return client;
    }

    /** The calls received. */
    public CallLog calls() {
        return calls;
    }

    /** Streams not yet ended. */
    public int openStreams() {
        return openStreams.getAsInt();
    }

    /** The replay, or null. */
    public ReplayModelClient replay() {
        return replay;
    }

    /** Writes the recording of a passed test (record mode only). */
    public void writeRecording() {
        if (recorder != null) {
            recorder.write(recordingFile);
            LOG.info("recorded {} exchange(s) to {}", recorder.recording().exchanges().size(), recordingFile);
        }
    }

    /** Whether this state records. */
    public boolean recording() {
        return recorder != null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.close();
        } finally {
            modelClient.close();
        }
    }
}
