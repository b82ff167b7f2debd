package dev.duo.internal.prompt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.Node;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Jinjava interpreter that knows the prompt's pre-parsed includes (so the include and extends
 * tags never read or parse a file while rendering) and counts every parse it does, which is how a
 * test proves rendering costs no parsing.
 */
final class DuoInterpreter extends JinjavaInterpreter {

    private final Map<String, Node> includes;
    private final AtomicLong parseCounter;

    DuoInterpreter(Jinjava jinjava, Context context, JinjavaConfig config, Map<String, Node> includes,
            AtomicLong parseCounter) {
        super(jinjava, context, config);
        this.includes = includes;
        this.parseCounter = parseCounter;
    }

    @Override
    public Node parse(String template) {
        parseCounter.incrementAndGet();
        return super.parse(template);
    }

    /** The pre-parsed template at {@code path} (relative to the prompt root), or null. */
    Node include(String path) {
        return includes.get(path);
    }
}
