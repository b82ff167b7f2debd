package dev.duo.benchmarks;

import dev.duo.Message;
import dev.duo.Role;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.RenderedPrompt;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * The clients Duo is compared with, set up as a careful user would: the raw OkHttp call (the
 * floor), LangChain4j's OpenAI chat model, and the raw AWS SDK Converse and ConverseStream calls,
 * all sending what Duo sends for the same request.
 */
final class Peers implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    final OkHttpClient okHttp;
    final OpenAiChatModel langChain4j;
    final BedrockRuntimeClient bedrockSync;
    final BedrockRuntimeAsyncClient bedrockAsync;
    private final String chatUrl;
    private final String bearer = "Bearer " + Fixtures.API_KEY;
    private final List<ChatMessage> lcMessages;
    private final ChatRequest lcRequest;
    final List<software.amazon.awssdk.services.bedrockruntime.model.Message> bedrockMessages;
    final List<SystemContentBlock> bedrockSystem;
    final InferenceConfiguration bedrockInference;
    // The turns' texts and roles: a user's conversation is new on every call (the file around the cursor),
    // so its SDK objects are built per call, as Duo builds them; the system block is constant and kept.
    private final List<String> bedrockTurnTexts = new ArrayList<>();
    private final List<ConversationRole> bedrockTurnRoles = new ArrayList<>();

    Peers(Fixtures f) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        okHttp = new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new okhttp3.ConnectionPool(256, 5, TimeUnit.MINUTES)).build();
        chatUrl = f.server.openAiEndpoint() + "/chat/completions";

        RenderedPrompt openAi = Fixtures.rendered(f.openAi, ModelFamily.MISTRAL);
        lcMessages = new ArrayList<>();
        for (Message m : openAi.messages()) {
            lcMessages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.content());
                case USER -> UserMessage.from(m.content());
                case ASSISTANT -> AiMessage.from(m.content());
            });
        }
        OpenAiChatModel.OpenAiChatModelBuilder lc = OpenAiChatModel.builder()
                .baseUrl(f.server.openAiEndpoint().toString())
                .apiKey(Fixtures.API_KEY)
                .modelName("bench-mistral-7b-instruct")
                .timeout(Duration.ofSeconds(60))
                .maxRetries(0);
        openAi.params().temperature().ifPresent(lc::temperature);
        openAi.params().maxTokens().ifPresent(lc::maxTokens);
        langChain4j = lc.build();
        lcRequest = ChatRequest.builder().messages(lcMessages).build();

        RenderedPrompt claude = Fixtures.rendered(f.bedrock, ModelFamily.CLAUDE_3);
        bedrockSystem = new ArrayList<>();
        bedrockMessages = new ArrayList<>();
        for (Message m : claude.messages()) {
            if (m.role() == Role.SYSTEM) {
                bedrockSystem.add(SystemContentBlock.fromText(m.content()));
            } else {
                ConversationRole role = m.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT;
                bedrockMessages.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                        .role(role).content(ContentBlock.fromText(m.content())).build());
                bedrockTurnRoles.add(role);
                bedrockTurnTexts.add(m.content());
            }
        }
        InferenceConfiguration.Builder inf = InferenceConfiguration.builder();
        claude.params().maxTokens().ifPresent(inf::maxTokens);
        claude.params().temperature().ifPresent(t -> inf.temperature((float) t));
        bedrockInference = inf.build();

        URI endpoint = f.server.bedrockEndpoint();
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                Fixtures.ENV.get("AWS_ACCESS_KEY_ID"), Fixtures.ENV.get("AWS_SECRET_ACCESS_KEY")));
        bedrockSync = BedrockRuntimeClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(256))
                .region(Region.of(Fixtures.REGION)).endpointOverride(endpoint).credentialsProvider(creds)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        bedrockAsync = BedrockRuntimeAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).maxConcurrency(512))
                .region(Region.of(Fixtures.REGION)).endpointOverride(endpoint).credentialsProvider(creds)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The floor: POST the bytes Duo sent, read the whole answer as a string. */
    String rawOkHttp(byte[] body) {
        Request r = new Request.Builder().url(chatUrl).header("Authorization", bearer)
                .header("Accept", "application/json").post(RequestBody.create(body, JSON)).build();
        try (Response response = okHttp.newCall(r).execute()) {
            return response.body().string();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the bytes Duo sent and reads the SSE lines; returns nanos to the first text delta,
     * and writes nanos to the end in {@code out[0]}.
     */
    long rawSse(byte[] body, long start, long[] out) {
        Request r = new Request.Builder().url(chatUrl).header("Authorization", bearer)
                .header("Accept", "text/event-stream").post(RequestBody.create(body, JSON)).build();
        long first = -1;
        try (Response response = okHttp.newCall(r).execute()) {
            ResponseBody rb = response.body();
            BufferedSource source = rb.source();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (first < 0 && line.startsWith("data: ") && line.contains("\"content\":\"")
                        && !line.contains("\"content\":\"\"")) {
                    first = System.nanoTime() - start;
                }
                if (line.equals("data: [DONE]")) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out[0] = System.nanoTime() - start;
        return first;
    }

    /** As {@link #rawSse}, but as a non-blocking API must: enqueued, read on OkHttp's dispatcher thread. */
    long rawSseAsync(byte[] body, long start, long[] out) {
        Request r = new Request.Builder().url(chatUrl).header("Authorization", bearer)
                .header("Accept", "text/event-stream").post(RequestBody.create(body, JSON)).build();
        java.util.concurrent.CompletableFuture<Long> first = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Long> end = new java.util.concurrent.CompletableFuture<>();
        okHttp.newCall(r).enqueue(new okhttp3.Callback() {
            @Override
            public void onResponse(okhttp3.Call call, Response response) {
                try (response) {
                    BufferedSource source = response.body().source();
                    String line;
                    while ((line = source.readUtf8Line()) != null) {
                        if (!first.isDone() && line.startsWith("data: ") && line.contains("\"content\":\"")
                                && !line.contains("\"content\":\"\"")) {
                            first.complete(System.nanoTime() - start);
                        }
                        if (line.equals("data: [DONE]")) {
                            break;
                        }
                    }
                    end.complete(System.nanoTime() - start);
                } catch (IOException e) {
                    end.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(okhttp3.Call call, IOException e) {
                end.completeExceptionally(e);
            }
        });
        out[0] = end.join();
        return first.getNow(-1L);
    }

    String langChain4j() {
        return langChain4j.chat(lcRequest).aiMessage().text();
    }

    /**
     * Converse with the messages Duo sends: the turns built from their texts on each call (a user's
     * conversation differs per call, so a user of the SDK builds them per call too); the system
     * block and the inference configuration, constant, built once.
     */
    String rawBedrock() {
        return bedrockSync.converse(bedrockRequest()).output().message().content().get(0).text();
    }

    /** The Converse request of {@link #rawBedrock}, its turns built now. */
    ConverseRequest bedrockRequest() {
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> turns = new ArrayList<>(bedrockTurnTexts.size());
        for (int i = 0; i < bedrockTurnTexts.size(); i++) {
            turns.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder().role(bedrockTurnRoles.get(i))
                    .content(ContentBlock.fromText(bedrockTurnTexts.get(i))).build());
        }
        return ConverseRequest.builder().modelId(Fixtures.BEDROCK_MODEL_ID)
                .messages(turns).system(bedrockSystem).inferenceConfig(bedrockInference).build();
    }

    /** As {@link #rawBedrock}, with per-request call and attempt timeouts (what Duo sends). */
    String rawBedrockWithRequestTimeouts() {
        return bedrockSync.converse(ConverseRequest.builder().modelId(Fixtures.BEDROCK_MODEL_ID)
                .messages(bedrockMessages).system(bedrockSystem).inferenceConfig(bedrockInference)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(120)).apiCallAttemptTimeout(Duration.ofSeconds(60)))
                .build()).output().message().content().get(0).text();
    }

    ConverseStreamRequest bedrockStreamRequest() {
        return ConverseStreamRequest.builder().modelId(Fixtures.BEDROCK_MODEL_ID)
                .messages(bedrockMessages).system(bedrockSystem).inferenceConfig(bedrockInference).build();
    }

    @Override
    public void close() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        bedrockSync.close();
        bedrockAsync.close();
    }
}
