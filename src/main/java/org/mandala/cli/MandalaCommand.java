package org.mandala.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.mandala.benchmark.BenchmarkCommand;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.Unmatched;

/**
 * The command line of {@code java -jar target/mandala.jar}: without a command it runs the service,
 * taking Spring properties as {@code --name=value} ({@code --server.port=9000}); otherwise it runs
 * one of the commands {@code import}, {@code report}, {@code test-rules}, {@code benchmark},
 * {@code backtest} and {@code soak}, each with its {@code --help}. A usage error (an unknown
 * option or command, a value it cannot read) is one line on standard error and exit status 2,
 * before anything starts; an input or output error is one line and exit status 1.
 */
@Command(name = "java -jar mandala.jar", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        versionProvider = MandalaCommand.Version.class,
        description = {"Mandala: a rules-based strategic risk assessment engine.",
                "Without a command it runs the service, on http://localhost:8080 by default."},
        commandListHeading = "%nCommands:%n",
        footer = {"", SpringProperties.HELP, "", "'java -jar mandala.jar COMMAND --help' shows a command's options."})
public final class MandalaCommand implements Callable<Integer> {

    @Unmatched
    List<String> springProperties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Consumer<String[]> service;
    private boolean serviceStarted;

    /** {@code service} starts the service with the Spring properties given, or throws when it cannot. */
    MandalaCommand(Consumer<String[]> service) {
        this.service = service;
    }

    /**
     * Runs the command line {@code args} of the application whose Spring application class is
     * {@code application}; returns the exit status, or nothing when it started the service, which
     * runs on.
     */
    public static OptionalInt run(Class<?> application, String[] args) {
        MandalaCommand top = new MandalaCommand(properties -> SpringApplication.run(application, properties));
        int status = commandLine(top, application).execute(args);
        return top.serviceStarted ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The command line with every command, its usage errors on one line. */
    static CommandLine commandLine(MandalaCommand top, Class<?> application) {
        CommandLine commandLine = new CommandLine(top)
                .addSubcommand(new ImportCommand(application))
                .addSubcommand(new ReportCommand(application))
                .addSubcommand(new TestRulesCommand())
                .addSubcommand(new BenchmarkCommand(application))
                .addSubcommand(new BacktestCommand())
                .addSubcommand(new SoakCommand());
        commandLine.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(new Version()));
        // a file argument is a file, not a list of arguments in a file named after the @
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler(MandalaCommand::refuse);
        commandLine.setExecutionExceptionHandler(MandalaCommand::fail);
        commandLine.setExecutionStrategy(parseResult -> {
            if (parseResult.hasSubcommand() && !parseResult.unmatched().isEmpty()) {
                top.check();
                throw new ParameterException(commandLine, "the Spring property '" + parseResult.unmatched().get(0)
                        + "' goes after the command '" + parseResult.subcommand().commandSpec().name() + "'");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** Starts the service. */
    @Override
    public Integer call() {
        List<String> properties = check();
        try {
            service.accept(properties.toArray(String[]::new));
        } catch (RuntimeException e) {
            // Spring has reported why it could not start (logged, with a failure analysis when it has one)
            return 1;
        }
        serviceStarted = true;
        return 0;
    }

    private List<String> check() {
        for (String a : springProperties) {
            if (!a.startsWith("-")) {
                throw new ParameterException(spec.commandLine(), "Unknown command: '" + a + "'");
            }
        }
        return SpringProperties.check(spec, springProperties);
    }

    /** A usage error: one line naming what was refused, and where the usage is. */
    private static int refuse(ParameterException e, String[] args) {
        CommandLine refused = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += ", did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        PrintWriter err = refused.getErr();
        err.println(name(refused) + ": " + message + " (see " + refused.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return refused.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A file that cannot be read or written is one line; anything else is a bug, and picocli prints its stack trace. */
    private static int fail(Exception e, CommandLine failed, ParseResult parseResult) throws Exception {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (!(cause instanceof IOException)) {
            throw e;
        }
        failed.getErr().println(name(failed) + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        failed.getErr().flush();
        return failed.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String name(CommandLine commandLine) {
        return commandLine.getParent() == null ? "mandala" : commandLine.getCommandName();
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MandalaCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Mandala " + (version == null ? "(version unknown: not run from the jar)" : version)};
        }
    }
}
