package dev.duo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.AuthenticationException;
import dev.duo.ProviderUnavailableException;
import dev.duo.BlockingStream;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.FakeBedrockServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans of real calls to both fake servers, with the real OpenTelemetry SDK and its in-memory exporter. */
class DuoOpenTelemetryTest {

    @TempDir
    Path dir;

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    private FakeRig rig(FaultPlan openAi, FaultPlan bedrock, DuoOpenTelemetry tracing) {
        return new FakeRig(dir, openAi, bedrock, b -> b.listener(tracing).interceptor(tracing));
    }

    private SpanData onlyDuoSpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals(DuoOpenTelemetry.INSTRUMENTATION_NAME))
                .toList();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    @Test
    void oneClientSpanPerCallWithTheGenAiAttributesAndTheTraceContextSentToTheServer() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        try (FakeRig rig = rig(FaultPlan.none(), FaultPlan.none(), tracing)) {
            Span parent = otel.getTracer("test").spanBuilder("handle request").startSpan();
            var completion = (dev.duo.Completion) null;
            try (Scope ignored = parent.makeCurrent()) {
                completion = rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet());
            } finally {
                parent.end();
            }

            SpanData span = onlyDuoSpan();
            assertThat(span.getName()).isEqualTo("chat " + FakeRig.FIREWORKS_ID);
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
            assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
            var a = span.getAttributes();
            assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
            assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("fireworks_ai");
            assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo(FakeRig.FIREWORKS_ID);
            assertThat(a.get(AttributeKey.stringKey("duo.feature"))).isEqualTo("duo_chat_explain_code");
            assertThat(a.get(AttributeKey.stringKey("duo.prompt"))).startsWith("chat/explain_code/");
            assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(completion.usage().inputTokens());
            assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(completion.usage().outputTokens());
            assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
            assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo(completion.requestId().orElseThrow());
            assertThat(a.get(AttributeKey.longKey("duo.attempts"))).isEqualTo(1);
            assertThat(a.get(AttributeKey.stringKey("error.type"))).isNull();
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

            String traceparent = rig.openAi.requests().get(0).header("traceparent");
            assertThat(traceparent).isEqualTo(traceparent(span));
            assertThat(tracing.openSpans()).isZero();
        }
    }

    @Test
    void eachRetryIsAnEventWithItsReasonAndEveryAttemptCarriesTheTraceContextToBedrock() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        FaultPlan twice503 = FaultPlan.builder().next(2, Fault.status(503)).build();
        try (FakeRig rig = rig(FaultPlan.none(), twice503, tracing)) {
            rig.client.feature("duo_chat_fix_code").generate(FakeRig.snippet());

            SpanData span = onlyDuoSpan();
            assertThat(span.getName()).isEqualTo("chat " + FakeRig.BEDROCK_ID);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("aws.bedrock");
            assertThat(span.getAttributes().get(AttributeKey.longKey("duo.attempts"))).isEqualTo(3);
            List<EventData> retries = span.getEvents().stream()
                    .filter(e -> e.getName().equals(DuoOpenTelemetry.RETRY_EVENT)).toList();
            assertThat(retries).hasSize(2);
            assertThat(retries.get(0).getAttributes().get(AttributeKey.longKey("duo.attempt"))).isEqualTo(1);
            assertThat(retries.get(1).getAttributes().get(AttributeKey.longKey("duo.attempt"))).isEqualTo(2);
            for (EventData r : retries) {
                assertThat(r.getAttributes().get(AttributeKey.stringKey("error.type")))
                        .isEqualTo(ProviderUnavailableException.class.getName());
                assertThat(r.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503);
            }
            List<FakeBedrockServer.Request> sent = rig.bedrock.requests();
            assertThat(sent).hasSize(3);
            for (FakeBedrockServer.Request r : sent) {
                assertThat(r.header("traceparent")).contains(traceparent(span));
            }
        }
    }

    @Test
    void aFailureEndsTheSpanWithErrorStatusAndType() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        try (FakeRig rig = rig(FaultPlan.builder().next(Fault.status(401)).build(), FaultPlan.none(), tracing)) {
            assertThatThrownBy(() -> rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet()))
                    .isInstanceOf(AuthenticationException.class);

            SpanData span = onlyDuoSpan();
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                    .isEqualTo(AuthenticationException.class.getName());
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(401);
            assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
            assertThat(tracing.openSpans()).isZero();
        }
    }

    @Test
    void aStreamRecordsItsFirstChunkOnBothProviders() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        try (FakeRig rig = rig(FaultPlan.none(), FaultPlan.none(), tracing)) {
            for (String feature : new String[] {"duo_chat_explain_code", "duo_chat_fix_code"}) {
                try (BlockingStream s = rig.client.feature(feature).streamBlocking(FakeRig.snippet())) {
                    assertThat(s.stream().count()).isPositive();
                }
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).hasSize(2);
            for (SpanData span : spans) {
                assertThat(span.getAttributes().get(AttributeKey.booleanKey("duo.streaming"))).isTrue();
                assertThat(span.getEvents()).extracting(EventData::getName).contains(DuoOpenTelemetry.FIRST_CHUNK_EVENT);
                assertThat(span.getAttributes().get(AttributeKey.longKey("duo.time_to_first_token_ms"))).isNotNegative();
                assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
            }
            assertThat(rig.openAi.requests().get(0).header("traceparent")).startsWith("00-");
            assertThat(rig.bedrock.lastRequest().orElseThrow().header("traceparent")).isPresent();
        }
    }

    @Test
    void promptAndAnswerTextAreNeverRecordedByDefault() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        try (FakeRig rig = rig(FaultPlan.none(), FaultPlan.none(), tracing)) {
            rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet());

            SpanData span = onlyDuoSpan();
            assertThat(span.getAttributes().toString()).doesNotContain("twice");
            assertThat(span.getEvents()).extracting(EventData::getName)
                    .doesNotContain(DuoOpenTelemetry.PROMPT_EVENT, DuoOpenTelemetry.COMPLETION_EVENT);
        }
    }

    @Test
    void theContentOptInRecordsRedactedPromptAndAnswerEvents() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.builder(otel).captureContent(true).build();
        try (FakeRig rig = rig(FaultPlan.none(), FaultPlan.none(), tracing)) {
            // the fake echoes the prompt, so the model's own key pasted into the input reaches both texts
            rig.client.feature("duo_chat_explain_code").generate(Map.of(
                    "selected_text", "String key = \"" + FakeRig.FIREWORKS_KEY + "\"; // twice"));

            SpanData span = onlyDuoSpan();
            EventData prompt = span.getEvents().stream().filter(e -> e.getName().equals(DuoOpenTelemetry.PROMPT_EVENT))
                    .findFirst().orElseThrow();
            EventData answer = span.getEvents().stream().filter(e -> e.getName().equals(DuoOpenTelemetry.COMPLETION_EVENT))
                    .findFirst().orElseThrow();
            String promptText = prompt.getAttributes().get(AttributeKey.stringKey("gen_ai.prompt"));
            String answerText = answer.getAttributes().get(AttributeKey.stringKey("gen_ai.completion"));
            assertThat(promptText).contains("user: ", "twice", "****").doesNotContain(FakeRig.FIREWORKS_KEY);
            assertThat(answerText).contains("twice").doesNotContain(FakeRig.FIREWORKS_KEY);
            assertThat(span.getAttributes().toString()).doesNotContain("twice");   // events only, never attributes
        }
    }

    @Test
    void asAListenerOnlyItStillTracesButSendsNoTraceContext() {
        DuoOpenTelemetry tracing = DuoOpenTelemetry.listener(otel);
        try (FakeRig rig = new FakeRig(dir, FaultPlan.none(), FaultPlan.none(), b -> b.listener(tracing))) {
            rig.client.feature("duo_chat_explain_code").generate(FakeRig.snippet());

            assertThat(onlyDuoSpan().getName()).startsWith("chat ");
            assertThat(rig.openAi.requests().get(0).header("traceparent")).isNull();
        }
    }
}
