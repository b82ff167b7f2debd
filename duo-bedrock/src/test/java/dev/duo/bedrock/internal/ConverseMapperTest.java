package dev.duo.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeParams;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/** What the per-model mapper sends per call, and what it builds once. */
class ConverseMapperTest {

    private static final Duration WHOLE = Duration.ofSeconds(60);
    private static final Duration STREAM = Duration.ofSeconds(180);
    private final ConverseMapper mapper = new ConverseMapper("anthropic.claude", WHOLE, STREAM);

    private static ModelRequest request(ModelParams params) {
        return ModelRequest.builder().messages(List.of(Message.system("Be brief."), Message.user("Hi"))).params(params).build();
    }

    @Test
    void aBudgetThatIsTheClientsOwnDeadlineSendsNoOverrideAndTheSameRequestOtherwise() {
        ConverseRequest plain = mapper.converse(request(ModelParams.NONE), WHOLE);
        assertThat(plain.overrideConfiguration()).isEmpty();
        assertThat(plain.modelId()).isEqualTo("anthropic.claude");
        assertThat(plain.system()).hasSize(1);
        assertThat(plain.messages()).hasSize(1);
        assertThat(plain.messages().get(0).content().get(0).text()).isEqualTo("Hi");
        // the static form (tests, tools) always says both deadlines: the request is otherwise the same
        ConverseRequest explicit = ConverseMapper.converse("anthropic.claude", request(ModelParams.NONE), WHOLE, WHOLE);
        assertThat(explicit.toBuilder().overrideConfiguration((software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration) null)
                .build()).isEqualTo(plain);
    }

    @Test
    void aFirstAttemptsBudgetJustShortOfTheDeadlineSendsNoOverride() {
        // what is left of a 60 s total after rendering: the runtime's timer cuts at it exactly
        assertThat(mapper.converse(request(ModelParams.NONE), WHOLE.minusNanos(80_000)).overrideConfiguration()).isEmpty();
        assertThat(mapper.converse(request(ModelParams.NONE), WHOLE.minusMillis(999)).overrideConfiguration()).isEmpty();
    }

    @Test
    void aBudgetCutShorterLongerOrWithHeadersIsSentAsItIs() {
        Duration cut = Duration.ofSeconds(20);
        ConverseRequest r = mapper.converse(request(ModelParams.NONE), cut);
        assertThat(r.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(cut);
        assertThat(r.overrideConfiguration().orElseThrow().apiCallAttemptTimeout()).contains(cut);
        assertThat(mapper.converse(request(ModelParams.NONE), WHOLE.minusMillis(1001)).overrideConfiguration()).isPresent();
        Duration longer = Duration.ofSeconds(90);
        assertThat(mapper.converse(request(ModelParams.NONE), longer).overrideConfiguration().orElseThrow().apiCallTimeout())
                .as("the client would end it before its budget").contains(longer);
        ModelRequest traced = request(ModelParams.NONE).toBuilder().header("traceparent", "00-abc-def-01").build();
        var o = mapper.converse(traced, WHOLE).overrideConfiguration().orElseThrow();
        assertThat(o.headers()).containsEntry("traceparent", List.of("00-abc-def-01"));
        assertThat(o.apiCallTimeout()).contains(WHOLE);
    }

    @Test
    void theSlackIsAtMostFivePercentOfAShortBudget() {
        assertThat(ConverseMapper.withinSlack(Duration.ofMillis(1900), Duration.ofSeconds(2))).isTrue();
        assertThat(ConverseMapper.withinSlack(Duration.ofMillis(1899), Duration.ofSeconds(2))).isFalse();
        assertThat(ConverseMapper.withinSlack(Duration.ofSeconds(2), Duration.ofSeconds(2))).isTrue();
        assertThat(ConverseMapper.withinSlack(Duration.ofMillis(2001), Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void aStreamIsBoundedByTheCallsTotalWithAnOverrideOnlyWhenItIsNotTheClients() {
        ConverseStreamRequest own = mapper.converseStream(request(ModelParams.NONE), STREAM);
        assertThat(own.overrideConfiguration()).isEmpty();
        ConverseStreamRequest shorter = mapper.converseStream(request(ModelParams.NONE), Duration.ofSeconds(60));
        assertThat(shorter.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(Duration.ofSeconds(60));
        assertThat(shorter.overrideConfiguration().orElseThrow().apiCallAttemptTimeout()).contains(Duration.ofSeconds(60));
    }

    @Test
    void theInferenceConfigurationIsBuiltOncePerParametersAndNeverReusedForOthers() {
        ModelParams p = ModelParams.builder().maxTokens(256).temperature(0.1).build();
        var first = mapper.converse(request(p), WHOLE).inferenceConfig();
        var again = mapper.converse(request(ModelParams.builder().maxTokens(256).temperature(0.1).build()), WHOLE).inferenceConfig();
        assertThat(again).isSameAs(first);
        assertThat(first.maxTokens()).isEqualTo(256);
        var other = mapper.converse(request(ModelParams.builder().maxTokens(512).build()), WHOLE).inferenceConfig();
        assertThat(other.maxTokens()).isEqualTo(512);
        assertThat(other.temperature()).isNull();
        assertThat(mapper.converse(request(ModelParams.NONE), WHOLE).inferenceConfig()).isNull();
        assertThat(mapper.converseStream(request(p), STREAM).inferenceConfig()).isEqualTo(first);
    }

    @Test
    void theAnswersTextIsItsBlocksJoined() {
        assertThat(BedrockModelClient.text(List.of(ContentBlock.fromText("one")))).isEqualTo("one");
        assertThat(BedrockModelClient.text(List.of(ContentBlock.fromText("a"), ContentBlock.builder().build(),
                ContentBlock.fromText("b")))).isEqualTo("ab");
        assertThat(BedrockModelClient.text(List.of())).isEmpty();
        assertThat(BedrockModelClient.text(List.of(ContentBlock.builder().build()))).isEmpty();
    }

    @Test
    void theAuthSchemesAreTheSdksAnswerKeptPerOperationAndRegion() {
        FixedAuthSchemes fixed = new FixedAuthSchemes(List.of("sigv4"));
        BedrockRuntimeAuthSchemeProvider sdk = BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("sigv4"));
        BedrockRuntimeAuthSchemeParams east = BedrockRuntimeAuthSchemeParams.builder().operation("Converse")
                .region(Region.US_EAST_1).build();
        BedrockRuntimeAuthSchemeParams west = east.toBuilder().region(Region.US_WEST_2).build();
        var first = fixed.resolveAuthScheme(east);
        // the options have no equals: their text says scheme and signer properties (region, service)
        assertThat(first).hasToString(sdk.resolveAuthScheme(east).toString());
        assertThat(first.get(0).schemeId()).isEqualTo("aws.auth#sigv4");
        assertThat(fixed.resolveAuthScheme(east)).isSameAs(first);
        assertThat(fixed.resolveAuthScheme(west)).hasToString(sdk.resolveAuthScheme(west).toString());
        assertThat(fixed.resolveAuthScheme(west).toString()).contains("RegionName)=us-west-2");
        assertThat(new FixedAuthSchemes(List.of("httpBearerAuth")).resolveAuthScheme(east).get(0).schemeId())
                .isEqualTo("smithy.api#httpBearerAuth");
    }

    @Test
    void aSystemBlockIsBuiltOncePerSystemTextAndNoOtherMessageIsKept() {
        ModelRequest first = request(ModelParams.NONE);
        var block = mapper.converse(first, WHOLE).system().get(0);
        // the same text again (as the renderer hands back the same string, or an equal one): the same block
        assertThat(mapper.converse(first, WHOLE).system().get(0)).isSameAs(block);
        ModelRequest equal = ModelRequest.builder().messages(List.of(Message.system(new String("Be brief.")), Message.user("Ho")))
                .build();
        ConverseRequest again = mapper.converse(equal, WHOLE);
        assertThat(again.system().get(0)).isSameAs(block);
        assertThat(again.messages().get(0).content().get(0).text()).isEqualTo("Ho");
        assertThat(mapper.converseStream(equal, STREAM).system().get(0)).isSameAs(block);
        // another text gets its own block, and then is the one kept
        ModelRequest other = ModelRequest.builder().messages(List.of(Message.system("Be thorough."), Message.user("Hi"))).build();
        var otherBlock = mapper.converse(other, WHOLE).system().get(0);
        assertThat(otherBlock.text()).isEqualTo("Be thorough.");
        assertThat(mapper.converse(first, WHOLE).system().get(0).text()).isEqualTo("Be brief.");
        // user turns are built per call; two system messages keep their order and texts
        assertThat(mapper.converse(first, WHOLE).messages().get(0)).isNotSameAs(mapper.converse(first, WHOLE).messages().get(0));
        ModelRequest two = ModelRequest.builder().messages(List.of(Message.system("A."), Message.system("B."), Message.user("Hi")))
                .build();
        assertThat(mapper.converse(two, WHOLE).system()).extracting(b -> b.text()).containsExactly("A.", "B.");
        // the static form (tests, tools) builds its own
        assertThat(ConverseMapper.converse("m", first, WHOLE, WHOLE).system().get(0)).isNotSameAs(block).isEqualTo(block);
    }
}
