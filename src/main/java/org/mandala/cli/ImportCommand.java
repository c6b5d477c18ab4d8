package org.mandala.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.mandala.indicator.ImportReport;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorsRejectedException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar target/mandala.jar import [--format=native|gdelt2|gdelt1|sipri] FILE...}:
 * imports files into the store the service is configured with (H2 by default, or
 * {@code --spring.profiles.active=postgres}), each whole or not at all, and prints its report or
 * its errors. Exits 1 when any file is refused, 2 on a usage error (nothing imported).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "java -jar mandala.jar import [-hV] [--format=FORMAT] [--spring.NAME=VALUE...] FILE...",
        description = "Imports indicator files into the store the service is configured with (H2 by default,"
                + " PostgreSQL with --spring.profiles.active=postgres), each whole or not at all, and prints its report or its errors.",
        footer = {"", SpringProperties.HELP, "",
                "Exit status: 0 when every file is stored, 1 when any is refused or the store cannot be opened, 2 on a usage error."})
public final class ImportCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of the files: native, gdelt2, gdelt1, sipri (default: ${DEFAULT-VALUE}).")
    String format = "native";

    // 0..* so that an unknown option is named before a missing file; call() requires one
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "The files to import, each in one transaction.")
    List<Path> files = new ArrayList<>();

    @Unmatched
    List<String> springProperties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Class<?> application;

    ImportCommand(Class<?> application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        List<String> properties = SpringProperties.check(spec, springProperties);
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        if (!IndicatorFormats.NAMES.contains(format)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--format': '" + format + "' is not one of "
                    + String.join(", ", IndicatorFormats.NAMES));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(SpringProperties.arguments(
                    List.of("--mandala.facts.load-on-startup=false", "--logging.level.root=WARN"), properties));
        } catch (RuntimeException e) {
            // Spring has reported why, above
            err.println("import: the store could not be opened: " + e.getMessage());
            return 1;
        }
        int status = 0;
        try (context) {
            IndicatorImportService importer = context.getBean(IndicatorImportService.class);
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    err.println(file + ": no such file");
                    status = 1;
                    continue;
                }
                try {
                    ImportReport r = importer.importFile(file, file.getFileName().toString(), format);
                    out.printf("%s: %d rows, %d accepted, %d duplicates, skipped %s%n", file, r.rows(), r.accepted(),
                            r.duplicates(), r.skipped());
                } catch (IndicatorsRejectedException e) {
                    status = 1;
                    err.println(file + ": refused, nothing stored: " + e.getMessage());
                    e.errors().forEach(error -> err.printf("  line %d%s: %s%s%n", error.line(),
                            error.column() == null ? "" : ", " + error.column(), error.message(),
                            error.value() == null ? "" : " (" + error.value() + ")"));
                }
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
