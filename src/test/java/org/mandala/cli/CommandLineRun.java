package org.mandala.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.mandala.MandalaApplication;
import picocli.CommandLine;

/**
 * Runs the jar's command line as {@code java -jar mandala.jar ARGS} would, in this JVM, keeping what
 * it prints; the service, when the command line starts it, is only recorded with its arguments.
 */
final class CommandLineRun {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<List<String>> serviceStarts = new ArrayList<>();

    int run(String... args) {
        CommandLine commandLine = MandalaCommand.commandLine(new MandalaCommand(a -> serviceStarts.add(List.of(a))),
                MandalaApplication.class);
        return commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
