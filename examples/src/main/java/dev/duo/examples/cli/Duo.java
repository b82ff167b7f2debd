package dev.duo.examples.cli;

/**
 * The {@code duo} command's entry point: {@code java -jar duo.jar models list}.
 *
 * <pre>{@code
 * java -jar examples/target/duo.jar features assign code_generation --model "Mixtral 8x22b [Fireworks AI]"
 * }</pre>
 */
public final class Duo {

    private Duo() {
    }

    /** Runs one command and exits with its code (0 ok, 1 error, 2 usage error). */
    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.system();
        // The commonest command, a listing, without building picocli's model (half of its start-up).
        int code = ListingShortcut.run(environment, args, ListingShortcut.standardOutput(),
                line -> DuoCommand.forArguments(environment, line));
        if (code == ListingShortcut.NOT_SERVED) {
            code = DuoCommand.forArguments(environment, args).execute(args);
        }
        System.exit(code);
    }
}
