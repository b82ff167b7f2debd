package dev.duo.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.RecordedRequest;

/**
 * The requests a fake server received, in arrival order, each kept as the server's own record type;
 * safe to read from the test while the server answers on its own threads. Header names are kept in
 * lower case, as HTTP/2 sends them.
 *
 * <pre>{@code
 * private final ReceivedLog<ReceivedRequest> received =
 *         new ReceivedLog<>((method, path, query, headers, body) -> new ReceivedRequest(method, path, headers, body));
 * }</pre>
 *
 * @param <T> the server's record of one request
 */
public final class ReceivedLog<T> {

    /** Makes the server's record of one request. */
    @FunctionalInterface
    public interface Entry<T> {
        /**
         * @param method the HTTP method
         * @param path the encoded path
         * @param query the encoded query, or null
         * @param headers the headers, names in lower case
         * @param body the body as UTF-8 text, empty when none
         * @return the record
         */
        T of(String method, String path, String query, Map<String, String> headers, String body);
    }

    private final Entry<T> entry;
    private final List<T> received = new ArrayList<>();

    /** @param entry makes the server's record of one request */
    public ReceivedLog(Entry<T> entry) {
        this.entry = entry;
    }

    /** Keeps one request. */
    public void record(RecordedRequest r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < r.getHeaders().size(); i++) {
            headers.put(r.getHeaders().name(i).toLowerCase(Locale.ROOT), r.getHeaders().value(i));
        }
        String body = r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
        T t = entry.of(r.getMethod(), r.getUrl().encodedPath(), r.getUrl().encodedQuery(), Map.copyOf(headers), body);
        synchronized (received) {
            received.add(t);
        }
    }

    /** Every request kept so far, oldest first. */
    public List<T> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many requests were kept. */
    public int size() {
        synchronized (received) {
            return received.size();
        }
    }
}
