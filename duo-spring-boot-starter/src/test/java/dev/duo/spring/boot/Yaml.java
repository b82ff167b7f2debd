package dev.duo.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** duo.yml files for the tests: one local OpenAI-compatible model serving code explanation. */
final class Yaml {

    static final String LITERAL_KEY = "fw_LiteralKeyThatMustNeverShow000";

    private Yaml() {
    }

    static Path write(Path dir, URI endpoint) {
        return write(dir, """
                models:
                  - name: Local vLLM
                    family: mistral
                    identifier: mistralai/Mistral-7B-Instruct-v0.3
                    endpoint: %s
                    timeouts: { connect: 2s, attempt: 10s, total: 20s, idle: 10s }
                  - name: Literal
                    family: mistral
                    identifier: mistralai/Mistral-7B-Instruct-v0.3
                    endpoint: %s
                    api_key: %s
                features:
                  duo_chat_explain_code: { provider: self_hosted, model: Local vLLM }
                  duo_chat: { provider: disabled }
                """.formatted(endpoint, endpoint, LITERAL_KEY));
    }

    static Path write(Path dir, String text) {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "duo", ".yml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
