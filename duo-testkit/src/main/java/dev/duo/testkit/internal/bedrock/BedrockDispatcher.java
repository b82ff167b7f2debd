package dev.duo.testkit.internal.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Answers Converse ({@code POST /model/{id}/converse}) and ConverseStream
 * ({@code POST /model/{id}/converse-stream}) as Bedrock does, drawing one fault per call from the
 * current {@link FaultPlan}.
 */
public final class BedrockDispatcher extends Dispatcher {

    private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");

    private final Supplier<FaultPlan> plan;
    private final Supplier<Duration> spacing;
    private final IntSupplier inBandAfterChunks;
    private final BooleanSupplier open;
    private final Consumer<RecordedRequest> recorder;
    private final AtomicLong ids = new AtomicLong();

    /**
     * A dispatcher reading its settings on every call, so a shared server can change them between tests.
     *
     * @param inBandAfterChunks for ConverseStream, a status fault becomes an exception frame after this
     *     many chunks when it is 0 or more; an HTTP error when negative
     */
    public BedrockDispatcher(Supplier<FaultPlan> plan, Supplier<Duration> spacing, IntSupplier inBandAfterChunks,
            BooleanSupplier open, Consumer<RecordedRequest> recorder) {
        this.plan = plan;
        this.spacing = spacing;
        this.inBandAfterChunks = inBandAfterChunks;
        this.open = open;
        this.recorder = recorder;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        recorder.accept(request);
        String requestId = String.format("00000000-fake-4000-8000-%012d", ids.incrementAndGet());
        String path = request.getUrl().encodedPath();
        Matcher m = PATH.matcher(path);
        if (!"POST".equals(request.getMethod()) || !m.matches()) {
            return error(404, "UnknownOperationException", "No operation at " + request.getMethod() + " " + path, requestId, null);
        }
        if (request.getHeaders().get("Authorization") == null) {
            return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token", requestId, null);
        }
        String modelId = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        boolean stream = m.group(2).equals("converse-stream");
        Optional<Fault> fault = plan.get().next();
        if (fault.isPresent() && !(stream && fault.get() instanceof Fault.Status && inBandAfterChunks.getAsInt() >= 0)) {
            MockResponse broken = connectionFault(fault.get(), stream, requestId);
            if (broken != null) {
                return broken;
            }
        }
        JsonNode body;
        try {
            body = BedrockWire.JSON.readTree(bodyText(request));
        } catch (Exception e) {
            return error(400, "ValidationException", "The request body is not JSON", requestId, null);
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return error(400, "ValidationException", "A conversation must start with a user message.", requestId, null);
        }
        FakeAnswer answer = FakeAnswer.to(body);
        if (!stream) {
            if (fault.isPresent() && fault.get() instanceof Fault.Malformed) {
                return json(200, "{\"output\": {\"message\": {\"role\": \"assistant\", \"content\": [", requestId);
            }
            return json(200, BedrockWire.converseBody(answer), requestId);
        }
        EventStreamBody.Break brk = new EventStreamBody.None();
        int after = 0;
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (f instanceof Fault.Status s) {
                String[] tm = BedrockWire.typeAndMessage(s.code(), s.message());
                brk = new EventStreamBody.ExceptionFrame(tm[0], tm[1]);
                after = inBandAfterChunks.getAsInt();
            } else if (f instanceof Fault.StallBody s) {
                brk = new EventStreamBody.Stall(s.duration());
                after = s.afterChunks();
            } else if (f instanceof Fault.Disconnect d) {
                brk = new EventStreamBody.Drop();
                after = d.afterChunks();
            } else if (f instanceof Fault.Malformed) {
                brk = new EventStreamBody.Corrupt();
                after = 1;
            }
        }
        EventStreamBody frames = new EventStreamBody(BedrockWire.streamFrames(answer), spacing.get(), after, brk, open);
        MockResponse.Builder b = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "application/vnd.amazon.eventstream")
                .addHeader("Transfer-Encoding", "chunked")
                .addHeader("x-amzn-RequestId", requestId);
        if (frames.drops()) {
            b.socketHandler(frames.asSocketHandler());
        } else {
            b.body(frames);
        }
        // The builder announces a length (0, or the body's -1): the chunked framing is the length here.
        return b.removeHeader("Content-Length").build();
    }

    /** The answer for faults that break the exchange before a body, or null to answer with a body. */
    private MockResponse connectionFault(Fault f, boolean stream, String requestId) {
        if (f instanceof Fault.Status s) {
            String[] tm = BedrockWire.typeAndMessage(s.code(), s.message());
            return error(s.code(), tm[0], tm[1], requestId, s.retryAfter());
        }
        if (f instanceof Fault.Stall) {
            return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
        }
        if (f instanceof Fault.Reset) {
            // onRequestStart would come too late: MockWebServer asks the dispatcher only after reading the request.
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build();
        }
        if (!stream && (f instanceof Fault.Disconnect || f instanceof Fault.StallBody)) {
            // Converse has no chunks: a sync answer breaks (or stalls) before its body.
            return f instanceof Fault.Disconnect
                    ? new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build()
                    : new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
        }
        return null;
    }

    private static MockResponse error(int status, String type, String message, String requestId, Duration retryAfter) {
        MockResponse.Builder b = new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-RequestId", requestId)
                .addHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                .body(BedrockWire.errorBody(message));
        if (retryAfter != null) {
            b.addHeader("Retry-After", Math.max(0, retryAfter.toSeconds()));
        }
        return b.build();
    }

    private static MockResponse json(int status, String body, String requestId) {
        return new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-RequestId", requestId)
                .body(body)
                .build();
    }

    /** The request body as text (empty when there is none). */
    public static String bodyText(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }
}
