package dev.duo.bedrock.internal;

import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.Usage;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * Maps between Duo's request and answer types and Bedrock's Converse shapes.
 *
 * <p>SYSTEM messages become system blocks; USER and ASSISTANT messages become turns, consecutive
 * turns of one role merged into one turn of several text blocks (Bedrock insists on alternation);
 * a trailing ASSISTANT turn pre-fills the answer. A TEXT-mode request is its one user message.
 * Only parameters somebody set are sent.
 */
public final class ConverseMapper {

    private final String modelId;
    private final Duration wholeDefault;
    private final Duration wholeLeast;   // the shortest budget wholeDefault still stands for
    private final Duration streamDefault;
    private final Duration streamLeast;
    // The last parameters seen and their inference configuration (immutable): a feature's calls
    // nearly always send the same parameters, so the SDK shape is built once, not per call.
    private volatile Inference lastInference;

    private record Inference(ModelParams params, InferenceConfiguration config) {
    }

    // The last system text and its block (immutable): a feature's system prompt renders the same
    // text call after call (the renderer then hands back the very same string), so its block is
    // built once. Only system text is kept, never a user's or assistant's message.
    private volatile SystemBlock lastSystem;

    private record SystemBlock(String text, SystemContentBlock block) {
    }

    /**
     * A mapper for one model whose SDK clients are configured with these deadlines: a request
     * whose deadlines are these and that adds no header carries no per-request override (the SDK
     * then neither builds nor merges one per call).
     *
     * @param modelId the model id sent on the wire
     * @param wholeDefault the call and attempt timeout of the client for whole answers
     * @param streamDefault the call and attempt timeout of the client for streams
     */
    public ConverseMapper(String modelId, Duration wholeDefault, Duration streamDefault) {
        this.modelId = modelId;
        this.wholeDefault = wholeDefault;
        this.wholeLeast = least(wholeDefault);
        this.streamDefault = streamDefault;
        this.streamLeast = least(streamDefault);
    }

    /** The Converse request of one attempt with this budget. */
    public ConverseRequest converse(ModelRequest request, Duration budget) {
        return converse(modelId, request, overrideUnlessDefault(request, budget, wholeLeast, wholeDefault),
                cachedInference(request.params()), this);
    }

    /** The ConverseStream request of a stream whose whole life is bounded by {@code total}. */
    public ConverseStreamRequest converseStream(ModelRequest request, Duration total) {
        return converseStream(modelId, request, overrideUnlessDefault(request, total, streamLeast, streamDefault),
                cachedInference(request.params()), this);
    }

    /** The Converse request, always with a per-request override of both SDK deadlines. */
    public static ConverseRequest converse(String modelId, ModelRequest request, Duration total, Duration attempt) {
        return converse(modelId, request, override(request, total, attempt), inference(request.params()), null);
    }

    /** The ConverseStream request, always with a per-request override of both SDK deadlines. */
    public static ConverseStreamRequest converseStream(String modelId, ModelRequest request, Duration total, Duration attempt) {
        return converseStream(modelId, request, override(request, total, attempt), inference(request.params()), null);
    }

    private static ConverseRequest converse(String modelId, ModelRequest request, AwsRequestOverrideConfiguration override,
            InferenceConfiguration inference, ConverseMapper cache) {
        Turns t = turns(request, cache);
        ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).messages(t.messages());
        if (override != null) {
            b.overrideConfiguration(override);
        }
        if (!t.system().isEmpty()) {
            b.system(t.system());
        }
        if (inference != null) {
            b.inferenceConfig(inference);
        }
        return b.build();
    }

    private static ConverseStreamRequest converseStream(String modelId, ModelRequest request,
            AwsRequestOverrideConfiguration override, InferenceConfiguration inference, ConverseMapper cache) {
        Turns t = turns(request, cache);
        ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(modelId).messages(t.messages());
        if (override != null) {
            b.overrideConfiguration(override);
        }
        if (!t.system().isEmpty()) {
            b.system(t.system());
        }
        if (inference != null) {
            b.inferenceConfig(inference);
        }
        return b.build();
    }

    /** The system blocks and the alternating turns of a request. */
    record Turns(List<SystemContentBlock> system, List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages) {
    }

    static Turns turns(ModelRequest request) {
        return turns(request, null);
    }

    /** As {@link #turns(ModelRequest)}; system blocks come from {@code cache} when it is given. */
    static Turns turns(ModelRequest request, ConverseMapper cache) {
        List<SystemContentBlock> system = List.of();
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> turns = new ArrayList<>(2);
        ConversationRole role = null;
        List<ContentBlock> blocks = new ArrayList<>(1);
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() == Role.SYSTEM) {
                if (!m.content().isBlank()) {
                    if (system.isEmpty()) {
                        system = new ArrayList<>(1);
                    }
                    system.add(cache == null ? SystemContentBlock.fromText(m.content()) : cache.systemBlock(m.content()));
                }
                continue;
            }
            String text = m.content();
            boolean last = i == messages.size() - 1;
            if (m.role() == Role.ASSISTANT && last) {
                // Bedrock rejects a pre-fill ending in whitespace, and an empty one says nothing.
                text = text.stripTrailing();
            }
            if (text.isEmpty()) {
                continue; // Bedrock rejects blank text blocks
            }
            ConversationRole r = m.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT;
            if (role != null && r != role) {
                turns.add(turn(role, blocks));
                blocks = new ArrayList<>(1);
            }
            role = r;
            blocks.add(ContentBlock.fromText(text));
        }
        if (role != null) {
            turns.add(turn(role, blocks));
        }
        return new Turns(system, turns);
    }

    /** The system block of this text: the last one built when the text is the same (the same string, or an equal one). */
    private SystemContentBlock systemBlock(String text) {
        SystemBlock last = lastSystem;
        if (last != null && (last.text() == text || last.text().equals(text))) {
            return last.block();
        }
        SystemContentBlock block = SystemContentBlock.fromText(text);
        lastSystem = new SystemBlock(text, block);
        return block;
    }

    /** How far below the client's own deadline a budget may be and still go without an override. */
    static final Duration MAX_SLACK = Duration.ofSeconds(1);

    /**
     * The per-request override, or null when the client's own deadline ({@code clientDefault}, its
     * attempt timeout, which is its call's) already is the budget and no header is added: then the SDK neither
     * builds nor merges an override per call (about 4 KB of garbage and a copy of its configuration).
     *
     * <p>"Already is" allows the budget to be a little shorter (by up to 5% of the deadline, at most {@link #MAX_SLACK}):
     * a first attempt's budget is what is left of the call's total after rendering, some microseconds
     * short of it. The runtime's own attempt timer ends the attempt at the exact budget (and
     * {@link SyncTransport} aborts its HTTP exchange); the SDK's deadline is the backstop behind it, so it
     * may be that little later. A budget cut shorter than that (a retry late in the call, a caller's
     * own short budget) is sent as it is.
     */
    private static AwsRequestOverrideConfiguration overrideUnlessDefault(ModelRequest request, Duration budget,
            Duration least, Duration clientDefault) {
        if (request.headers().isEmpty() && budget.compareTo(least) >= 0 && budget.compareTo(clientDefault) <= 0) {
            return null;
        }
        return override(request, budget, budget);
    }

    /** Whether the client's own deadline stands for this budget (see {@link #converse(ModelRequest, Duration)}). */
    static boolean withinSlack(Duration budget, Duration clientDefault) {
        return budget.compareTo(least(clientDefault)) >= 0 && budget.compareTo(clientDefault) <= 0;
    }

    private static Duration least(Duration clientDefault) {
        Duration slack = clientDefault.dividedBy(20);
        return clientDefault.minus(slack.compareTo(MAX_SLACK) < 0 ? slack : MAX_SLACK);
    }

    private static AwsRequestOverrideConfiguration override(ModelRequest request, Duration total, Duration attempt) {
        AwsRequestOverrideConfiguration.Builder override = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(total)
                .apiCallAttemptTimeout(attempt.compareTo(total) < 0 ? attempt : total);
        // extra headers (traceparent ...), signed with the rest; ModelRequest refuses credential headers
        request.headers().forEach(override::putHeader);
        return override.build();
    }

    private InferenceConfiguration cachedInference(ModelParams params) {
        Inference last = lastInference;
        if (last != null && last.params().equals(params)) {
            return last.config();
        }
        InferenceConfiguration config = inference(params);
        lastInference = new Inference(params, config);
        return config;
    }

    private static software.amazon.awssdk.services.bedrockruntime.model.Message turn(ConversationRole role, List<ContentBlock> blocks) {
        return software.amazon.awssdk.services.bedrockruntime.model.Message.builder().role(role).content(blocks).build();
    }

    /** The inference configuration, or null when no parameter is set. */
    static InferenceConfiguration inference(ModelParams p) {
        if (p.maxTokens().isEmpty() && p.temperature().isEmpty() && p.topP().isEmpty()
                && p.stop().map(List::isEmpty).orElse(true)) {
            return null;
        }
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        p.maxTokens().ifPresent(b::maxTokens);
        p.temperature().ifPresent(t -> b.temperature((float) t));
        p.topP().ifPresent(t -> b.topP((float) t));
        p.stop().filter(s -> !s.isEmpty()).ifPresent(b::stopSequences);
        return b.build();
    }

    /** Bedrock's stop reason in Duo's terms. */
    public static FinishReason finishReason(StopReason reason) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case END_TURN -> FinishReason.STOP;
            case MAX_TOKENS -> FinishReason.LENGTH;
            case STOP_SEQUENCE -> FinishReason.STOP_SEQUENCE;
            case GUARDRAIL_INTERVENED, CONTENT_FILTERED -> FinishReason.CONTENT_FILTER;
            case TOOL_USE -> FinishReason.TOOL_CALLS;
            case MODEL_CONTEXT_WINDOW_EXCEEDED -> FinishReason.CONTEXT_WINDOW_EXCEEDED;
            default -> FinishReason.OTHER;
        };
    }

    /** Token usage, or unknown. */
    public static Usage usage(TokenUsage u) {
        if (u == null) {
            return Usage.UNKNOWN;
        }
        return new Usage(u.inputTokens() == null ? 0 : u.inputTokens(), u.outputTokens() == null ? 0 : u.outputTokens());
    }
}
