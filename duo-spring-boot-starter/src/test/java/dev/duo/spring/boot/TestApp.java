package dev.duo.spring.boot;

import dev.duo.DuoClient;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/** The smallest application: one service that calls Duo through the static entry point. */
@SpringBootApplication
public class TestApp {

    /** Explains code through {@code DuoClient.forFeature}, as code written without Spring in mind does. */
    @Service
    public static class Explainer {
        public String explain(String code) {
            return DuoClient.forFeature("duo_chat_explain_code").generate(Map.of("selected_text", code)).text();
        }
    }
}
