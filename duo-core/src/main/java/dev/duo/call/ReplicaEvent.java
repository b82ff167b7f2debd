package dev.duo.call;

import dev.duo.DuoException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A replica of a model (one URL of its {@code endpoints:} list) left or rejoined the set that calls
 * are spread over, as {@link CallListener#onReplicaEjected} and {@link CallListener#onReplicaReadmitted}
 * see it. Not an event of one call: the calls go on, on the other replicas.
 *
 * <pre>{@code
 * public void onReplicaEjected(ReplicaEvent e) {
 *     log.warn("{} replica {} ejected until {}: {}", e.model(), e.replica(), e.probeAfter().orElse(null),
 *             e.reason().map(Throwable::getMessage).orElse("-"));
 * }
 * }</pre>
 */
public final class ReplicaEvent {

    /** What happened to the replica. */
    public enum Kind {
        /** Its circuit opened (connection refused, or too many failures): no call goes to it until a probe. */
        EJECTED,
        /** A probe call succeeded: calls go to it again. */
        READMITTED
    }

    private final Kind kind;
    private final String model;
    private final String replica;
    private final int index;
    private final Instant at;
    private final Instant probeAfter;
    private final DuoException reason;

    /**
     * @param kind what happened
     * @param model the model's name in the registry
     * @param replica the replica's URL as it may be printed (no user info)
     * @param index the replica's position in {@code endpoints:}
     * @param at when, on the client's clock
     * @param probeAfter for an ejection: the earliest time a probe call may go to it; else null
     * @param reason for an ejection: the failure that opened its circuit, where known; else null
     */
    public ReplicaEvent(Kind kind, String model, String replica, int index, Instant at, Instant probeAfter,
                        DuoException reason) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.model = Objects.requireNonNull(model, "model");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.index = index;
        this.at = Objects.requireNonNull(at, "at");
        this.probeAfter = probeAfter;
        this.reason = reason;
    }

    /** Ejected or re-admitted. */
    public Kind kind() {
        return kind;
    }

    /** The model's name. */
    public String model() {
        return model;
    }

    /** The replica's URL, as it may be printed. */
    public String replica() {
        return replica;
    }

    /** The replica's position in the model's {@code endpoints:} list (0 for the first). */
    public int index() {
        return index;
    }

    /** When it happened, on the client's clock. */
    public Instant at() {
        return at;
    }

    /** For an ejection: when the replica may get a probe call. */
    public Optional<Instant> probeAfter() {
        return Optional.ofNullable(probeAfter);
    }

    /** For an ejection: the failure that opened the replica's circuit, where known. */
    public Optional<DuoException> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "ReplicaEvent{" + kind + ", model=" + model + ", replica=" + replica + ", at=" + at
                + (probeAfter == null ? "" : ", probeAfter=" + probeAfter)
                + (reason == null ? "" : ", reason=" + reason.getClass().getSimpleName()) + '}';
    }
}
