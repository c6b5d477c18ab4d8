package org.mandala.benchmark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
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
import java.util.concurrent.Callable;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvValidationException;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.AssessmentService;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar target/mandala.jar benchmark [N ...] [--out FILE]}: starts the service on a fresh
 * H2 database with the sample facts and measures, in one run: start-up; an assessment of the sample
 * (the baseline); for each N (100,000 and 1,000,000 by default) the raw OpenCSV parse of N generated
 * indicators against their import (the ratio is the figure), one assessment over the N stored
 * indicators, and at the first N a what-if through the HTTP API against that assessment and 24
 * monthly history steps. Writes the figures, the machine and
 * the date to {@code reports/benchmarks.md}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Starts the service on a fresh temporary H2 database with the sample facts and measures start-up, an"
                + " assessment of the sample, and for each N the import of generated indicators against their raw CSV parse and an"
                + " assessment over N stored indicators. Writes the figures, the machine and the date to a Markdown file.",
        footer = {"", "Exit status: 0 when the figures are written, 1 when they cannot be, 2 on a usage error."})
public final class BenchmarkCommand implements Callable<Integer> {
    private static final int WARM_RUNS = 9;
    private static final LocalDate AS_OF = LocalDate.of(2023, 9, 30);

    // read in call(): picocli reports a positional value it cannot convert as an "unmatched argument"
    @Parameters(paramLabel = "N", arity = "0..*",
            description = "Stored indicators to measure at, in order; underscores allowed (default: 100_000 1_000_000).")
    List<String> sizes = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Where the figures are written (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("reports/benchmarks.md");

    @Option(names = "--postgres", paramLabel = "JDBC_URL",
            description = "A PostgreSQL server to measure the import of the first N into, against its own COPY (a schema of its own, dropped after);"
                    + " without it, a temporary server of its own when initdb and pg_ctl are installed.")
    String postgres;

    @Option(names = "--postgres-user", paramLabel = "USER", description = "The PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String postgresUser = "mandala";

    @Option(names = "--postgres-password", paramLabel = "PASSWORD", description = "The PostgreSQL password, if it needs one.")
    String postgresPassword;

    @Spec
    CommandSpec spec;

    private final Class<?> application;
    private final List<String> rows = new ArrayList<>();
    private PrintWriter stdout;

    /** The benchmark of the service whose Spring application class is {@code application}. */
    public BenchmarkCommand(Class<?> application) {
        this.application = application;
    }

    @Override
    public Integer call() throws IOException, CsvValidationException {
        List<Integer> targets = new ArrayList<>();
        for (String n : sizes) {
            targets.add(size(n));
        }
        stdout = spec.commandLine().getOut();
        measure(targets.isEmpty() ? List.of(100_000, 1_000_000) : targets, out);
        stdout.println("Benchmark figures written to " + out.toAbsolutePath());
        return 0;
    }

    private void measure(List<Integer> sizes, Path out) throws IOException, CsvValidationException {
        // first, while nothing else of the benchmark runs: the jar started as a child, to its first answer
        StartupProbe.measure(this::row);
        Path work = Files.createTempDirectory("mandala-benchmark");
        long t0 = System.nanoTime();
        // Command-line arguments outrank application.properties: the benchmark never touches the real store.
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN", "--logging.level.org.mandala=INFO",
                // raising alerts, or computing trends ahead, would assess the store in the background while it is measured
                "--mandala.alerts.enabled=false", "--mandala.trends.precompute=false");
        double startupMs = ms(t0);
        try {
            IndicatorRepository repository = ctx.getBean(IndicatorRepository.class);
            IndicatorSnapshots snapshots = ctx.getBean(IndicatorSnapshots.class);
            IndicatorImportService importer = ctx.getBean(IndicatorImportService.class);
            Ruleset ruleset = ctx.getBean(ActiveRuleset.class).get();
            ActorCodes codes = ctx.getBean(ActorCodes.class);
            row("Start-up: Spring context, ruleset compiled, sample facts loaded (" + repository.count() + " indicators)",
                    time(startupMs), "1 cold start");

            long sampleVersion = repository.currentVersion();
            IndicatorSnapshot sample = snapshots.atLeast(sampleVersion);
            double[] sampleTimes = repeat(() -> AssessmentEngine.assess(ruleset, sample, sampleVersion, "IND", AS_OF, codes));
            row("Assessment of the sample (IND, 2023-09-30), first run", time(sampleTimes[0]), "cold");
            row("Assessment of the sample, median of " + WARM_RUNS + " warm runs", time(median(sampleTimes)), "**baseline**");
            polls(ctx);

            long stored = repository.count() - sample.size();
            int seed = 42;
            for (int target : sizes) {
                int n = (int) (target - stored);
                Path csv = work.resolve("generated-" + target + ".csv");
                IndicatorGenerator.write(csv, n, seed++);
                long p0 = System.nanoTime();
                long parsed = parse(csv);
                double parseMs = ms(p0);
                p0 = System.nanoTime();
                parse(csv);
                parseMs = Math.min(parseMs, ms(p0));
                // the database's own load once before the import (it warms the same insert paths) and once after: the best is the yardstick
                ImportBaseline.Load keyedBefore = ImportBaseline.load(ctx.getBean(javax.sql.DataSource.class), csv);
                long i0 = System.nanoTime();
                ImportReport report = importer.importFile(csv, csv.getFileName().toString(), "native");
                double importMs = ms(i0);
                stored += report.accepted();
                double parseRate = parsed / (parseMs / 1000);
                double importRate = report.accepted() / (importMs / 1000);
                row("Raw OpenCSV parse of the " + count(n) + " generated rows (best of 2)", time(parseMs), rate(parseRate));
                row("Import of the same rows into H2: check and stage every row in one read, then store in one transaction", time(importMs),
                        rate(importRate) + ", **" + String.format(Locale.ROOT, "%.2f", importRate / parseRate) + "× the raw parse**");
                ImportBaseline.Load keyed = ImportBaseline.best(keyedBefore, ImportBaseline.load(ctx.getBean(javax.sql.DataSource.class), csv));
                row("H2's own CSVREAD of the same file into a fresh table keyed like indicator, best of 2 (before and after the import; "
                        + ImportBaseline.describe(ctx.getBean(javax.sql.DataSource.class)) + ")", time(keyed.ms()),
                        ImportBaseline.note(keyed, importRate, "H2's own CSVREAD"));
                if (target == sizes.get(0)) {
                    if (postgres != null) {
                        PostgresImportBenchmark.run(application, postgres, postgresUser, postgresPassword, csv, n, this::row);
                    } else {
                        // no server given: one of its own, when this machine has PostgreSQL installed
                        StringBuilder why = new StringBuilder();
                        java.util.Optional<TemporaryPostgres> server = TemporaryPostgres.start(why);
                        if (server.isPresent()) {
                            try (TemporaryPostgres pg = server.get()) {
                                stdout.println("PostgreSQL: a temporary server of its own at " + pg.url + " (" + pg.version() + ")");
                                PostgresImportBenchmark.run(application, pg.url, "mandala", null, csv, n, this::row);
                            }
                        } else {
                            row("Import of the same " + count(n) + " rows into PostgreSQL", "not measured", why
                                    + "; give --postgres=JDBC_URL to measure it on a server of yours");
                        }
                    }
                }

                long version = repository.currentVersion();
                long l0 = System.nanoTime();
                IndicatorSnapshot snapshot = snapshots.atLeast(version);
                row("Reading the compact snapshot of " + count(snapshot.size()) + " stored indicators", time(ms(l0)),
                        "once per data version, added to incrementally");
                Assessment[] last = new Assessment[1];
                double[] times = repeat(() -> last[0] = AssessmentEngine.assess(ruleset, snapshot, version, "IND", AS_OF, codes));
                row("One assessment over " + count(snapshot.size()) + " stored indicators, median of " + WARM_RUNS + " warm runs",
                        time(median(times)), String.format(Locale.ROOT, "first run %s; %.1f× the baseline; %d threats, %d alignments, %d axes",
                                time(times[0]), median(times) / median(sampleTimes), last[0].threats().size(),
                                last[0].alignments().size(), last[0].axes().size()));
                if (target == sizes.get(0)) {
                    List<LocalDate> months = AssessmentService.steps(LocalDate.of(2021, 10, 1), AS_OF, "month");
                    double[] history = new double[3];
                    for (int r = 0; r < history.length; r++) {
                        long h0 = System.nanoTime();
                        AssessmentEngine.assessAll(ruleset, snapshot, version, "IND", months, codes);
                        history[r] = ms(h0);
                    }
                    row(months.size() + " monthly history steps over " + count(snapshot.size()) + " indicators, nothing cached",
                            time(Math.min(history[1], history[2])), "steps in parallel on every core; best of 2 warm runs; first run " + time(history[0]));
                    whatIf(ctx, snapshot.size(), median(times));
                    stored += trendAfterUploads(ctx, importer, work, snapshot.size(), median(times));
                    // the service's cache is bounded by facts, not bytes: two dozen month-ends of this store fill
                    // much of a 512 MB heap, and the next store's figures are not about them
                    ctx.getBean(AssessmentService.class).forgetAll();
                }
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            row("Heap in use at the end (the largest snapshot held)", String.format(Locale.ROOT, "%,d MB",
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)), "max heap " + rt.maxMemory() / (1024 * 1024) + " MB");
        } finally {
            ctx.close();
        }
        write(out, sizes);
    }

    private static final int POLL_SECONDS = 8;

    /**
     * The dashboard's 24-month trend through the HTTP API right after an upload, against one
     * assessment of the same store (target ≤ 3×): after an upload of the latest month's indicators,
     * the usual case, and after one reaching a year back. Trends computed ahead are off in this run,
     * so the request pays for what the upload changed.
     */
    private long trendAfterUploads(ConfigurableApplicationContext ctx, IndicatorImportService importer, Path work, long stored,
                                   double assessmentMs) throws IOException {
        long uploaded = 0;
        String port = ctx.getEnvironment().getProperty("local.server.port");
        java.net.URI trend = java.net.URI.create("http://127.0.0.1:" + port + "/api/assessment/history?focus=IND&from="
                + AS_OF.minusMonths(23).withDayOfMonth(1) + "&to=" + AS_OF + "&step=month");
        long t0 = System.nanoTime();
        int status = get(trend);
        row("24-month trend over " + count(stored) + " indicators, GET /api/assessment/history, first request at this data version",
                time(ms(t0)), String.format(Locale.ROOT, "HTTP %d; nothing cached; %.1f× one assessment of the same store", status,
                        ms(t0) / assessmentMs));
        Object[][] uploads = {{"the latest month", AS_OF.withDayOfMonth(1)}, {"the last year", AS_OF.minusYears(1).plusDays(1)}};
        for (Object[] u : uploads) {
            Path csv = work.resolve("upload-" + u[1] + ".csv");
            IndicatorGenerator.write(csv, 1_000, ((LocalDate) u[1]).toEpochDay(), (LocalDate) u[1], AS_OF.plusDays(1));
            ImportReport report = importer.importFile(csv, csv.getFileName().toString(), "native");
            uploaded += report.accepted();
            long t1 = System.nanoTime();
            status = get(trend);
            double ms = ms(t1);
            double ratio = ms / assessmentMs;
            row("The same trend right after an upload of " + count(report.accepted()) + " indicators dated " + u[1] + " to " + AS_OF
                            + " (" + u[0] + ")", time(ms),
                    String.format(Locale.ROOT, "HTTP %d; only the month-ends the new indicators reach are made again; **%.1f× one assessment"
                            + " of the same store** (target ≤ 3×: %s)", status, ratio, ratio <= 3.0 ? "met" : "not met"));
        }
        return uploaded;
    }

    private static int get(java.net.URI uri) throws IOException {
        try {
            return PollBenchmark.statusOf(uri, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * The dashboard's poll of the sample's assessment answered 304, and the same assessment asked in
     * full (its answer cached), against nginx serving the same bytes with its own ETag (see {@link PollBenchmark}).
     */
    private void polls(ConfigurableApplicationContext ctx) {
        String port = ctx.getEnvironment().getProperty("local.server.port");
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/api/assessment?focus=IND&asOf=" + AS_OF);
        PollBenchmark.Loader loader = PollBenchmark.loader();
        try {
            PollBenchmark.Answer answer = PollBenchmark.fetch(uri);
            if (PollBenchmark.statusOf(uri, answer.etag()) != 304) {
                throw new java.io.IOException("a poll with the assessment's own tag was not answered 304");
            }
            String how = loader.describe(POLL_SECONDS) + ", best of 2 after a warm-up";
            PollBenchmark.Load[] mandala = new PollBenchmark.Load[2];
            PollBenchmark.Load[] nginx = new PollBenchmark.Load[2];
            java.util.Optional<PollBenchmark.Nginx> server = PollBenchmark.Nginx.start(answer.body());
            try {
                String nginxTag = null;
                if (server.isPresent()) {
                    nginxTag = PollBenchmark.fetch(server.get().uri).etag();
                }
                // warm both, then alternate: the machine's drift falls on both alike
                loader.run(uri, answer.etag(), 304, 3);
                loader.run(uri, null, 200, 3);
                if (server.isPresent()) {
                    loader.run(server.get().uri, nginxTag, 304, 2);
                }
                for (int round = 0; round < 2; round++) {
                    for (int kind = 0; kind < 2; kind++) {
                        boolean poll = kind == 0;
                        PollBenchmark.Load m = loader.run(uri, poll ? answer.etag() : null, poll ? 304 : 200, POLL_SECONDS);
                        mandala[kind] = best(mandala[kind], m);
                        if (server.isPresent()) {
                            PollBenchmark.Load n = loader.run(server.get().uri, poll ? nginxTag : null, poll ? 304 : 200, POLL_SECONDS);
                            nginx[kind] = best(nginx[kind], n);
                        }
                    }
                }
            } finally {
                if (server.isPresent()) {
                    server.get().close();
                }
            }
            String[] what = {"Dashboard poll of the sample's assessment answered `304` (If-None-Match with its ETag)",
                    "Full `200` of the same, unchanged (cached) assessment, " + String.format(Locale.ROOT, "%,d", answer.body().length) + " bytes"};
            double[] target = {0.5, 0.3};
            for (int kind = 0; kind < 2; kind++) {
                String baseline;
                if (nginx[kind] == null) {
                    baseline = "nginx baseline not measured: nginx is not installed (Debian: `apt-get install nginx`)";
                } else {
                    double ratio = mandala[kind].perSecond() / nginx[kind].perSecond();
                    baseline = String.format(Locale.ROOT, "nginx serving the same bytes with its own ETag: %s; **%.2f× nginx** (target ≥ %.1f×: %s)",
                            perSecond(nginx[kind]), ratio, target[kind], ratio >= target[kind] ? "met" : "not met");
                }
                row(what[kind], perSecond(mandala[kind]), how + "; " + baseline);
            }
        } catch (java.io.IOException | RuntimeException e) {
            row("Dashboard poll and full answer against nginx", "not measured", "the load could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static PollBenchmark.Load best(PollBenchmark.Load a, PollBenchmark.Load b) {
        return a == null || b.perSecond() > a.perSecond() ? b : a;
    }

    private static String perSecond(PollBenchmark.Load load) {
        return String.format(Locale.ROOT, "%,.0f req/s", load.perSecond())
                + (load.unexpected() == 0 ? "" : String.format(Locale.ROOT, " (%,d answers not as expected)", load.unexpected()));
    }

    /** A hypothetical alliance between Pakistan, an adversary of India, and Russia, a partner: it raises a threat. */
    static final String WHAT_IF = "date,type,actor,target,grade,source\n2023-09-20,ALLIANCE_TREATY,PAK,RUS,B2,benchmark what-if\n";

    /**
     * A what-if over the stored indicators through the HTTP API, as a reader asks it (the hypothetical
     * assessment, the changes with their causes, the warnings and every explanation inline, the answer
     * serialised), against one assessment of the same store: the target is at most twice it.
     */
    private void whatIf(org.springframework.context.ConfigurableApplicationContext ctx, long stored, double assessmentMs) {
        String port = ctx.getEnvironment().getProperty("local.server.port");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/api/assessment/what-if?focus=IND&asOf=" + AS_OF)).header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WHAT_IF)).build();
        int[] status = new int[1];
        long[] bytes = new long[1];
        double[] times = repeat(() -> {
            try {
                java.net.http.HttpResponse<byte[]> r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                status[0] = r.statusCode();
                bytes[0] = r.body().length;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        double ratio = median(times) / assessmentMs;
        row("What-if with one hypothetical treaty over " + count(stored) + " stored indicators, POST /api/assessment/what-if, median of "
                        + WARM_RUNS + " warm runs", time(median(times)),
                String.format(Locale.ROOT, "HTTP %d, %,d bytes; first run %s (the real assessment and its month-end not cached yet); "
                        + "**%.2f× one assessment of the same store** (target ≤ 2×: %s)", status[0], bytes[0], time(times[0]), ratio,
                        ratio <= 2.0 ? "met" : "not met"));
    }

    private static long parse(Path csv) throws IOException, CsvValidationException {
        long n = 0;
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVReader reader = new CSVReader(in)) {
            reader.readNext();
            while (reader.readNext() != null) {
                n++;
            }
        }
        return n;
    }

    private static double[] repeat(Runnable task) {
        double[] times = new double[WARM_RUNS + 1];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            task.run();
            times[i] = ms(t);
        }
        return times;
    }

    /** The median of the warm runs (all but the first). */
    private static double median(double[] times) {
        double[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static String time(double ms) {
        return String.format(Locale.ROOT, "%,.1f ms", ms);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f rows/s", perSecond);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private void row(String what, String time, String note) {
        rows.add("| " + what + " | " + time + " | " + note + " |");
        stdout.println(what + ": " + time + " (" + note + ")");
    }

    private void write(Path out, List<Integer> sizes) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Mandala benchmarks\n\n");
        md.append("Written by `java -Xmx1g -XX:+UseParallelGC -jar target/mandala.jar benchmark` (see README). Every figure below was measured\n");
        md.append("in one run on the machine described; absolute times on a shared 2-core machine are noisy, so read them\n");
        md.append("against the baselines measured in the same run: the sample assessment, and the raw CSV parse.\n\n");
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- Machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MB, JVM arguments ")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        md.append("- Stored indicators measured at: ").append(sizes.stream().map(BenchmarkCommand::count).toList())
                .append(" (sample facts plus generated ones: seeded, 50 states in two rival camps and the non-aligned,"
                        + " 18 types, 2014–2023)\n");
        md.append("- Database: H2 file database (the embedded default)\n\n");
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

    /** A positive whole number, underscores allowed: {@code 100_000}. */
    private int size(String value) {
        try {
            int n = Integer.parseInt(value.strip().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ParameterException(spec.commandLine(), "Invalid value for positional parameter N: '" + value
                + "' is not a positive whole number");
    }
}
