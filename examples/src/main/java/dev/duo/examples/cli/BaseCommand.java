package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigStore;
import dev.duo.config.SettingsStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every leaf command shares: its output streams, the root's environment and configuration,
 * and the store writes go through. {@link #execute()} returns the exit code; exceptions are
 * reported by the root's handler on one line of standard error.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final java.util.List<SettingsStore> opened = new java.util.ArrayList<>();

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } finally {
            opened.forEach(SettingsStore::close);
            opened.clear();
            out().flush();
            err().flush();
        }
    }

    /** Runs the command; returns the exit code. */
    abstract int execute() throws Exception;

    DuoCommand root() {
        return (DuoCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CliEnvironment environment() {
        return root().environment();
    }

    /** Text with picocli's {@code @|green ok|@} markup, coloured only where colours are on. */
    String colour(String markup) {
        return root().ansi().string(markup);
    }

    DuoConfig config() {
        return root().config();
    }

    /** The store writes go through (duo.yml, or the settings store it names); closed when the command ends. */
    SettingsStore store() {
        SettingsStore s = root().store();
        opened.add(s);
        return s;
    }

    /** Says where a write went. */
    void saved(SettingsStore written) {
        if (written instanceof DuoConfigStore store) {
            err().println("Saved " + store.file() + (java.nio.file.Files.exists(store.backupFile())
                    ? " (previous version in " + store.backupFile().getFileName() + ")" : ""));
        } else {
            err().println("Saved to " + written.location());
        }
    }

    /** A usage mistake: exit code 2 with the usage hint. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
