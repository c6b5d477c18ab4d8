package org.mandala.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.mandala.report.ReportService;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar target/mandala.jar report [--focus IND] [--as-of 2023-09-30] [--out reports] [--sample]}:
 * writes the report in Markdown, HTML and PDF. With {@code --sample} it reads the sample facts
 * into a database in memory, so the committed sample report is regenerated whatever the store holds.
 */
public final class ReportCommand {
    private ReportCommand() {
    }

    public static int run(Class<?> application, String[] args) {
        String focus = null;
        LocalDate asOf = null;
        Path out = null;
        List<String> springArgs = new ArrayList<>(List.of("--logging.level.root=WARN"));
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--focus" -> focus = args[++i];
                    case "--as-of" -> asOf = LocalDate.parse(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--sample" -> springArgs.add("--spring.datasource.url=jdbc:h2:mem:report;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
                    default -> {
                        if (!a.startsWith("--")) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        springArgs.add(a);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | DateTimeParseException e) {
            System.err.println("usage: java -jar mandala.jar report [--focus IND] [--as-of yyyy-MM-dd] [--out DIR] [--sample]"
                    + " (" + e.getMessage() + ")");
            return 2;
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(springArgs.toArray(String[]::new))) {
            ReportService reports = ctx.getBean(ReportService.class);
            ReportService.Written w = reports.write(focus, asOf, out == null ? reports.defaultDir() : out);
            w.all().forEach(p -> System.out.println("wrote " + p));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("the report could not be written: " + e.getMessage());
            return 1;
        }
    }
}
