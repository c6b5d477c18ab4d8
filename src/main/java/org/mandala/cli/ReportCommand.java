package org.mandala.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.mandala.report.ReportService;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar target/mandala.jar report [--focus IND] [--as-of 2023-09-30] [--out reports] [--sample]}:
 * writes the report in Markdown, HTML and PDF. With {@code --sample} it reads the sample facts
 * into a database in memory, so the committed sample report is regenerated whatever the store holds.
 * Exits 1 when the report cannot be written, 2 on a usage error (nothing written).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "java -jar mandala.jar report [-hV] [--focus=CODE] [--as-of=yyyy-MM-dd] [--out=DIR] [--sample]"
                + " [--spring.NAME=VALUE...]",
        description = "Writes the report of the focus at a date in Markdown, HTML and PDF, with its network and chart,"
                + " from the store the service is configured with.",
        footer = {"", SpringProperties.HELP, "",
                "Exit status: 0 when the report is written, 1 when it cannot be, 2 on a usage error."})
public final class ReportCommand implements Callable<Integer> {
    private static final String SAMPLE_STORE = "--spring.datasource.url=jdbc:h2:mem:report;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    @Option(names = "--focus", paramLabel = "CODE", description = "The focus state (default: mandala.focus, IND).")
    String focus;

    @Option(names = "--as-of", paramLabel = "yyyy-MM-dd", converter = DateConverter.class, description = "The date assessed (default: today).")
    LocalDate asOf;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the files go (default: mandala.reports.dir, reports).")
    Path out;

    @Option(names = "--sample", description = "Read the sample facts into a database in memory instead of the store.")
    boolean sample;

    @Unmatched
    List<String> springProperties = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Class<?> application;

    ReportCommand(Class<?> application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        List<String> properties = new ArrayList<>(SpringProperties.check(spec, springProperties));
        if (sample) {
            properties.add(SAMPLE_STORE);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(SpringProperties.arguments(List.of("--logging.level.root=WARN"), properties))) {
            ReportService reports = ctx.getBean(ReportService.class);
            ReportService.Written w = reports.write(focus, asOf, out == null ? reports.defaultDir() : out);
            w.all().forEach(p -> stdout.println("wrote " + p));
            stdout.flush();
            return 0;
        } catch (RuntimeException e) {
            stderr.println("report: the report could not be written: " + e.getMessage());
            stderr.flush();
            return 1;
        }
    }

    /** {@code yyyy-MM-dd}. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date as yyyy-MM-dd");
            }
        }
    }
}
