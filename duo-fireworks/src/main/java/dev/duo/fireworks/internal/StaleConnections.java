package dev.duo.fireworks.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;

/**
 * Finds pooled HTTP/1.1 connections that the server closed while they sat idle (vLLM's uvicorn,
 * like most servers, closes idle keep-alive connections after a few seconds), before a request is
 * written on one. Such a call fails without a single request byte having reached the server, so
 * the provider replays it at once on a new connection: no attempt, no backoff, no WARN. A request
 * that reached a server is never replayed here (OkHttp's own replay stays off); only the runtime's
 * retry policy may send it again.
 *
 * <p>How: a connection acquired after more than {@link #PROBE_AFTER_NANOS} idle is probed with a
 * 1 ms read; end of stream (the server's FIN, or a TLS close) or unexpected bytes mean it is dead.
 * The probe's socket is then closed, so OkHttp's write fails at once and OkHttp never pools it
 * again; {@link #takeStale(Call)} tells the provider that this failure is to be replayed. A
 * connection used again within the threshold is not probed (that costs up to 1 ms per call).
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder().eventListener(StaleConnections.INSTANCE).build();
 * if (StaleConnections.takeStale(call)) { call = call.clone(); ... }
 * }</pre>
 */
final class StaleConnections extends EventListener {

    static final StaleConnections INSTANCE = new StaleConnections();
    /** Idle time after which a pooled connection is probed before use. */
    static final long PROBE_AFTER_NANOS = 1_000_000_000L;
    /**
     * Replays of one call on stale connections: each probe retires one dead connection, and a server
     * that closed its idle connections may have closed every one in the pool (256 at most).
     */
    static final int MAX_REPLAYS = 257;

    /**
     * When each connection was last released ({@link #IN_USE} while a call holds it), guarded by the map
     * itself. One entry per connection, updated in place: no weak reference and boxed time per call.
     */
    private final Map<Connection, long[]> idleSince = new WeakHashMap<>();
    private static final long IN_USE = Long.MIN_VALUE;
    private final Set<Call> stale = ConcurrentHashMap.newKeySet();

    private StaleConnections() {
    }

    /** Whether this call's failure came from a connection found dead before its request was written. */
    static boolean takeStale(Call call) {
        return INSTANCE.stale.remove(call);
    }

    @Override
    public void connectionReleased(Call call, Connection connection) {
        long now = System.nanoTime();
        synchronized (idleSince) {
            long[] since = idleSince.get(connection);
            if (since == null) {
                idleSince.put(connection, new long[] {now});
            } else {
                since[0] = now;
            }
        }
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        long since;
        synchronized (idleSince) {
            long[] released = idleSince.get(connection);
            if (released == null) {
                return;
            }
            since = released[0];
            released[0] = IN_USE;
        }
        if (since == IN_USE || System.nanoTime() - since < PROBE_AFTER_NANOS || connection.protocol() != Protocol.HTTP_1_1) {
            return;
        }
        Socket s = connection.socket();
        if (isDead(s)) {
            stale.add(call);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a dead socket: nothing to report
            }
        }
    }

    @Override
    public void callEnd(Call call) {
        stale.remove(call);
    }

    private static boolean isDead(Socket s) {
        int timeout;
        try {
            timeout = s.getSoTimeout();
        } catch (IOException e) {
            return true;
        }
        try {
            s.setSoTimeout(1);
            // An idle HTTP/1.1 connection has nothing to read: any byte, or the end, means it is unusable.
            return s.getInputStream().read() != -2;
        } catch (SocketTimeoutException alive) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                s.setSoTimeout(timeout);
            } catch (IOException ignored) {
                // the socket died meanwhile: the call will fail and be replayed
            }
        }
    }
}
