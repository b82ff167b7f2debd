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

    private ConverseMapper() {
    }

    /** The parts common to Converse and ConverseStream. */
    record Parts(List<SystemContentBlock> system, List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages,
            InferenceConfiguration inference, AwsRequestOverrideConfiguration override) {
    }

    /** The Converse request. */
    public static ConverseRequest converse(String modelId, ModelRequest request, Duration total, Duration attempt) {
        Parts p = parts(request, total, attempt);
        ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).messages(p.messages())
                .overrideConfiguration(p.override());
        if (!p.system().isEmpty()) {
            b.system(p.system());
        }
        if (p.inference() != null) {
            b.inferenceConfig(p.inference());
        }
        return b.build();
    }

    /** The ConverseStream request. */
    public static ConverseStreamRequest converseStream(String modelId, ModelRequest request, Duration total, Duration attempt) {
        Parts p = parts(request, total, attempt);
        ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(modelId).messages(p.messages())
                .overrideConfiguration(p.override());
        if (!p.system().isEmpty()) {
            b.system(p.system());
        }
        if (p.inference() != null) {
            b.inferenceConfig(p.inference());
        }
        return b.build();
    }

    static Parts parts(ModelRequest request, Duration total, Duration attempt) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> turns = new ArrayList<>();
        ConversationRole role = null;
        List<ContentBlock> blocks = new ArrayList<>();
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() == Role.SYSTEM) {
                if (!m.content().isBlank()) {
                    system.add(SystemContentBlock.fromText(m.content()));
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
                blocks = new ArrayList<>();
            }
            role = r;
            blocks.add(ContentBlock.fromText(text));
        }
        if (role != null) {
            turns.add(turn(role, blocks));
        }
        // The runtime decided both (the attempt's budget, cut to what is left of the call): used as they are.
        AwsRequestOverrideConfiguration.Builder override = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(total)
                .apiCallAttemptTimeout(attempt.compareTo(total) < 0 ? attempt : total);
        // extra headers (traceparent ...), signed with the rest; ModelRequest refuses credential headers
        request.headers().forEach(override::putHeader);
        return new Parts(system, turns, inference(request.params()), override.build());
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
