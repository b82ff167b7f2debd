package dev.duo.internal.prompt;

import com.hubspot.jinjava.interpret.Context;
import java.util.Map;
import java.util.Set;

/**
 * The scope a render's inputs are bound in. Jinjava's context records every expression, property
 * name and function a render resolves, in itself and in every parent up to the engine's global
 * context, which all renders share: a set written from many threads at once, growing with every
 * distinct key a template reads. Nothing here reads those records, so this context keeps none and
 * passes none up.
 */
final class DuoContext extends Context {

    DuoContext(Context parent, Map<String, ?> bindings, Map<Library, Set<String>> disabled) {
        super(parent, bindings, disabled);
    }

    @Override
    public void addResolvedExpression(String expression) {
        // Not recorded: see the class comment.
    }

    @Override
    public void addResolvedValue(String value) {
        // Not recorded: see the class comment.
    }

    @Override
    public void addResolvedFunction(String function) {
        // Not recorded: see the class comment.
    }

    /** Binds a new call's inputs in place of the last call's (a pooled interpreter's context). */
    void rebind(Map<String, ?> bindings) {
        clear();
        putAll(bindings);
    }
}
