package dev.duo.internal.prompt;

/**
 * Python's {@code None} as bound to a name: a scope cannot hold a Java null, so a null input is
 * bound as {@link #NONE} (it shadows an outer name) and reads turn it back into null. Kept apart
 * from {@link PyValues} because that class is Jinjava's (its undefined value implements a Jinjava
 * interface), and binding a call's inputs must not load Jinjava when the fast path renders.
 */
final class PyNone {

    /** None bound to a name. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private PyNone() {
    }

    /** A value to bind: null becomes the None marker. */
    static Object bind(Object v) {
        return v == null ? NONE : v;
    }
}
