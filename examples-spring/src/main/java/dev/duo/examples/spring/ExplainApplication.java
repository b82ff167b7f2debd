package dev.duo.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A REST service that explains code snippets through {@code duo_chat_explain_code}. The starter makes
 * the {@code DuoClient} from {@code duo.config-file} (see application.properties); Actuator shows
 * {@code /actuator/health} (with the {@code duo} indicator) and {@code /actuator/duo}.
 *
 * <pre>{@code
 * java -jar examples-spring.jar --duo.config-file=duo.yml
 * curl -X POST localhost:8080/explain -H 'Content-Type: text/plain' --data 'int twice(int x) { return 2 * x; }'
 * }</pre>
 */
@SpringBootApplication
public class ExplainApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(ExplainApplication.class, args);
    }
}
