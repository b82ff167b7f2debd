package dev.duo.examples;

import dev.duo.Completion;
import dev.duo.DuoClient;
import java.util.Map;

/**
 * Generates code with whatever model duo.yml assigns to code generation: the service names the
 * feature, the SDK picks the model, prompt and provider.
 *
 * <pre>{@code
 * java -cp duo.jar dev.duo.examples.GenerateCode "a function that parses an ISO-8601 date" java
 * }</pre>
 */
public final class GenerateCode {

    private GenerateCode() {
    }

    /** {@code args}: the instruction, then optionally the language. */
    public static void main(String[] args) {
        String instruction = args.length > 0 ? args[0] : "a function that reverses a string";
        String language = args.length > 1 ? args[1] : "java";
        Completion c = DuoClient.forFeature("code_generation").generate(Map.of(
                "user_instruction", instruction,
                "language", language));
        System.out.println(c.text());
        c.provenance().ifPresent(p -> System.err.println("-- " + p));
    }
}
