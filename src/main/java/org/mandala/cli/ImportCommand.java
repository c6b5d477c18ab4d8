package org.mandala.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mandala.indicator.ImportReport;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorsRejectedException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar target/mandala.jar import [--format=native|gdelt2|gdelt1|sipri] FILE...}:
 * imports files into the store the service is configured with (H2 by default, or
 * {@code --spring.profiles.active=postgres}), each whole or not at all, and prints its report or
 * its errors. Exits 1 when any file is refused.
 */
public final class ImportCommand {
    private ImportCommand() {
    }

    public static int run(Class<?> application, String[] args) {
        String format = "native";
        List<Path> files = new ArrayList<>();
        List<String> springArgs = new ArrayList<>(List.of("--mandala.facts.load-on-startup=false", "--logging.level.root=WARN"));
        for (String a : List.of(args).subList(1, args.length)) {
            if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (a.startsWith("--")) {
                springArgs.add(a);
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty() || !IndicatorFormats.NAMES.contains(format)) {
            System.err.println("usage: java -jar mandala.jar import [--format=" + String.join("|", IndicatorFormats.NAMES) + "] FILE...");
            return 2;
        }
        int status = 0;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(springArgs.toArray(String[]::new))) {
            IndicatorImportService importer = ctx.getBean(IndicatorImportService.class);
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    System.err.println(file + ": no such file");
                    status = 1;
                    continue;
                }
                try {
                    ImportReport r = importer.importFile(file, file.getFileName().toString(), format);
                    System.out.printf("%s: %d rows, %d accepted, %d duplicates, skipped %s%n", file, r.rows(), r.accepted(),
                            r.duplicates(), r.skipped());
                } catch (IndicatorsRejectedException e) {
                    status = 1;
                    System.err.println(file + ": refused, nothing stored: " + e.getMessage());
                    e.errors().forEach(err -> System.err.printf("  line %d%s: %s%s%n", err.line(),
                            err.column() == null ? "" : ", " + err.column(), err.message(),
                            err.value() == null ? "" : " (" + err.value() + ")"));
                }
            }
        }
        return status;
    }
}
