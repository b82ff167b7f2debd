package dev.duo.examples.cli;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.feature.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code duo generate}: call a feature once and print the answer. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Call a feature with named inputs and print the answer ('duo features show FEATURE' lists its inputs).",
        footerHeading = "%nExamples:%n",
        footer = {"  duo generate code_generation --input user_instruction='Parse an ISO date' --input language=java",
            "  duo generate duo_chat_explain_code --input selected_text=@src/Main.java --stream",
            "  duo generate code_generation --inputs-json inputs.json      # lists and multi-line inputs",
            "  echo '{\"prefix\": \"def fib(n):\"}' | duo generate code_completion --inputs-json -",
            "",
            "--input name=@file reads the value from a file; write name=@@... for a value that starts with @.",
            "A list input takes --input repeated: --input libraries=junit --input libraries=assertj."})
final class GenerateCommand extends BaseCommand {

    @Parameters(paramLabel = "FEATURE", description = "A feature key or alias, such as code_generation.")
    String feature;

    @Option(names = "--input", paramLabel = "NAME=VALUE", description = "An input: name=value, or name=@file.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--inputs-json", paramLabel = "FILE|-", description = "A JSON object of inputs, from a file or standard input (-).")
    String inputsJson;

    @Option(names = "--stream", description = "Print the answer as it is generated.")
    boolean stream;

    @Override
    int execute() {
        Feature f = root().features(config()).get(feature);
        Inputs in = new Inputs(f, environment().workingDirectory(), environment().stdin(), this::usage);
        if (inputsJson != null) {
            in.json(inputsJson);
        }
        Map<String, Object> values = in.options(inputs).values();
        try (DuoClient duo = root().client()) {
            FeatureClient client = duo.feature(f.key());
            if (stream) {
                Streams.print(out(), environment().terminal(), listener -> client.stream(values, listener));
            } else {
                Completion c = client.generate(values);
                out().println(Streams.forOutput(c.text(), environment().terminal()));
            }
        }
        return 0;
    }
}
