package dev.duo.examples.spring;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /explain}: the body is the code, {@code ?language=} optional; the answer is the
 * explanation with what served it.
 *
 * <pre>{@code
 * POST /explain?language=java   (text/plain body: the snippet)
 * {"explanation":"...","model":"Local vLLM","prompt":"chat/explain_code/base/1.0.0"}
 * }</pre>
 */
@RestController
public class ExplainController {

    /** The most characters of code one request may send. */
    static final int MAX_CODE = 64 * 1024;

    private final DuoClient duo;

    /** The controller, with the starter's client. */
    public ExplainController(DuoClient duo) {
        this.duo = duo;
    }

    /** Explains the snippet. */
    @PostMapping(path = "/explain", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> explain(@RequestBody String code, @RequestParam(required = false) String language) {
        if (code.isBlank() || code.length() > MAX_CODE) {
            throw new InvalidInputException("send between 1 and " + MAX_CODE + " characters of code");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("selected_text", code);
        if (language != null) {
            inputs.put("language", language);
        }
        Completion c = duo.feature("duo_chat_explain_code").generate(inputs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("explanation", c.text());
        c.provenance().ifPresent(p -> {
            out.put("model", p.model());
            out.put("prompt", p.prompt());
        });
        return out;
    }

    /** A request the SDK refuses is the caller's mistake. */
    @ExceptionHandler(InvalidInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, String> badInput(InvalidInputException e) {
        return Map.of("error", e.getMessage());
    }
}
