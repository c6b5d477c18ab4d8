package org.mandala.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.ImportReport;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.indicator.IndicatorSnapshots;
import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.Ruleset;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar target/mandala.jar benchmark [N] [output]}: starts the service on a fresh
 * database with the sample facts, times the start, an assessment of the sample, an import of N
 * generated indicators (100,000 by default) and an assessment over them, and writes the figures
 * with the machine and date to {@code reports/benchmarks.md}. The sample assessment is the
 * baseline the larger one is compared with, measured in the same run on the same machine.
 */
public final class BenchmarkCommand {
    private static final int WARM_RUNS = 15;

    private BenchmarkCommand() {
    }

    public static void run(Class<?> application, String[] args) throws IOException {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path out = Path.of(args.length > 2 ? args[2] : "reports/benchmarks.md");
        Path work = Files.createTempDirectory("mandala-benchmark");
        List<String> rows = new ArrayList<>();

        long t0 = System.nanoTime();
        // Command-line arguments outrank application.properties: the benchmark never touches the real store.
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN", "--logging.level.org.mandala=INFO");
        double startupMs = (System.nanoTime() - t0) / 1e6;
        try {
            IndicatorRepository repository = ctx.getBean(IndicatorRepository.class);
            IndicatorSnapshots snapshots = ctx.getBean(IndicatorSnapshots.class);
            Ruleset ruleset = ctx.getBean(ActiveRuleset.class).get();
            ActorCodes codes = ctx.getBean(ActorCodes.class);
            LocalDate asOf = LocalDate.of(2023, 9, 30);
            rows.add(row("Start-up: Spring context, ruleset compiled, sample facts loaded (" + repository.count() + " indicators)",
                    "1 cold start", ms(startupMs)));

            long sampleVersion = repository.currentVersion();
            IndicatorSnapshot sample = snapshots.atLeast(sampleVersion);
            double[] sampleTimes = time(() -> AssessmentEngine.assess(ruleset, sample, sampleVersion, "IND", asOf, codes));
            rows.add(row("Assessment of the sample (IND, 2023-09-30), first run", "cold", ms(sampleTimes[0])));
            rows.add(row("Assessment of the sample, median of " + WARM_RUNS + " warm runs", "baseline", ms(median(sampleTimes))));

            Path csv = work.resolve("generated.csv");
            IndicatorGenerator.write(csv, n, 42);
            long i0 = System.nanoTime();
            ImportReport report = ctx.getBean(IndicatorImportService.class).importNative(csv, "generated.csv");
            double importMs = (System.nanoTime() - i0) / 1e6;
            rows.add(row("Import of " + String.format(Locale.ROOT, "%,d", n) + " generated indicators into H2 (validate, then store in one transaction)",
                    String.format(Locale.ROOT, "%,.0f rows/s", report.accepted() / (importMs / 1000)), ms(importMs)));

            long bigVersion = repository.currentVersion();
            long l0 = System.nanoTime();
            IndicatorSnapshot big = snapshots.atLeast(bigVersion);
            rows.add(row("Loading the compact snapshot of " + String.format(Locale.ROOT, "%,d", big.size()) + " indicators from the database",
                    "once per data version", ms((System.nanoTime() - l0) / 1e6)));
            Assessment[] last = new Assessment[1];
            double[] bigTimes = time(() -> last[0] = AssessmentEngine.assess(ruleset, big, bigVersion, "IND", asOf, codes));
            rows.add(row("Assessment over " + String.format(Locale.ROOT, "%,d", big.size()) + " indicators, first run", "cold", ms(bigTimes[0])));
            rows.add(row("Assessment over " + String.format(Locale.ROOT, "%,d", big.size()) + " indicators, median of " + WARM_RUNS
                    + " warm runs", String.format(Locale.ROOT, "%.1f× the baseline", median(bigTimes) / median(sampleTimes)), ms(median(bigTimes))));
            rows.add(row("Conclusions of that assessment", last[0].threats().size() + " threats, " + last[0].alignments().size()
                    + " alignments, " + last[0].axes().size() + " axes", ""));
        } finally {
            ctx.close();
        }
        write(out, rows, n);
        System.out.println("Benchmark figures written to " + out.toAbsolutePath());
    }

    private static double[] time(Runnable task) {
        double[] times = new double[WARM_RUNS + 1];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            task.run();
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        return times;
    }

    /** The median of the warm runs (all but the first). */
    private static double median(double[] times) {
        double[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%,.1f ms", ms);
    }

    private static String row(String what, String note, String time) {
        return "| " + what + " | " + time + " | " + note + " |";
    }

    private static void write(Path out, List<String> rows, int n) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Mandala benchmarks\n\n");
        md.append("Written by `java -jar target/mandala.jar benchmark` (see README). Every figure below was measured in one run\n");
        md.append("on the machine described; absolute times on a shared 2-core machine are noisy, so compare the larger\n");
        md.append("assessment with the sample baseline measured in the same run.\n\n");
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- Machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MB, arguments ")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        md.append("- Generated indicators: ").append(String.format(Locale.ROOT, "%,d", n))
                .append(" (seed 42, 50 states, 18 types, 2014–2023)\n\n");
        md.append("| what | time | note |\n|---|---:|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the OS name will do
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
