package dev.duo.testkit.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small real model client over HTTP for record tests: POSTs the messages (with the api key as a
 * bearer token) to a local server and reads either one JSON answer or {@code data:} lines of chunks.
 * Stands in for a provider module (Fireworks is not on this branch).
 */
final class MiniHttpModelClient implements ModelClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String apiKey;

    MiniHttpModelClient(URI endpoint, String apiKey) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(complete(request, attempt));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        try {
            HttpResponse<String> res = http.send(post(request, false), HttpResponse.BodyHandlers.ofString());
            return completion(JSON.readTree(res.body()), JSON.readTree(res.body()).path("text").asText());
        } catch (Exception e) {
            throw new ProviderUnavailableException("mini client: " + e);
        }
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        AtomicBoolean done = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                HttpResponse<java.io.InputStream> res = http.send(post(request, true), HttpResponse.BodyHandlers.ofInputStream());
                StringBuilder text = new StringBuilder();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.startsWith("data: ")) {
                            continue;
                        }
                        JsonNode event = JSON.readTree(line.substring(6));
                        if (event.has("chunk")) {
                            text.append(event.get("chunk").asText());
                            listener.onChunk(event.get("chunk").asText());
                        } else {
                            done.set(true);
                            listener.onComplete(completion(event, text.toString()));
                            return;
                        }
                    }
                }
                done.set(true);
                listener.onError(new ProviderUnavailableException("stream ended early"));
            } catch (Exception e) {
                done.set(true);
                listener.onError(new ProviderUnavailableException("mini client: " + e));
            }
        }, "mini-http-stream");
        t.start();
        return new StreamHandle() {
            @Override
            public void cancel() {
                t.interrupt();
            }

            @Override
            public boolean isDone() {
                return done.get();
            }
        };
    }

    private HttpRequest post(ModelRequest request, boolean stream) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        body.put("stream", stream);
        request.params().maxTokens().ifPresent(v -> body.put("max_tokens", v));
        return HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private static Completion completion(JsonNode node, String text) {
        return Completion.builder().text(text)
                .finishReason(FinishReason.valueOf(node.path("finish_reason").asText("STOP")))
                .usage(new Usage(node.path("usage").path("input").asLong(), node.path("usage").path("output").asLong()))
                .requestId(node.path("id").asText(null)).build();
    }

    @Override
    public void close() {
        // the JDK client needs no closing on Java 17
    }
}
