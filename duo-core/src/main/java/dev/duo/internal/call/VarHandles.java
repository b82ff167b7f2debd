package dev.duo.internal.call;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link VarHandle} of a field, for a class's static initializer: the call's flags and counters are
 * plain volatile fields updated through these, not one atomic object each per call.
 *
 * <pre>{@code
 * private static final VarHandle WIP = VarHandles.field(MethodHandles.lookup(), Edge.class, "wip", int.class);
 * }</pre>
 */
final class VarHandles {

    private VarHandles() {
    }

    /** The handle of {@code owner}'s field; {@code lookup} must be the owner's (or a nestmate's) own. */
    static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
