package org.mandala.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar target/mandala.jar soak [--minutes N]}: starts the service of this jar as a
 * child process on a fresh database and a copy of the rules, then at once uploads, polls,
 * activates rule changes and kills the child with SIGKILL (restarting it on the same database),
 * and finally checks through the API that every acknowledged row is stored exactly once, that no
 * file is half-stored and that every import job tells the truth. Prints the figures and writes
 * them to {@code reports/reliability.md}; exits 1 when a verdict fails, 2 on a usage error.
 */
@Command(name = "soak", sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs uploaders, pollers, rule activations and a killed-and-restarted service at once against a"
                + " child process of this jar, then checks that every accepted row is stored exactly once.",
        footer = {"", "Exit status: 0 when every verdict holds, 1 when one fails, 2 on a usage error."})
public final class SoakCommand implements Callable<Integer> {
    private static final List<String> PREFERRED_ACTORS = List.of("RUS", "CHN", "PAK", "PRK", "IRN", "USA", "FRA", "GBR", "JPN",
            "TUR", "ISR", "SAU");

    @Option(names = "--minutes", paramLabel = "N", description = "How long the traffic runs, in minutes; fractions allowed (default: ${DEFAULT-VALUE}).")
    double minutes = 1;

    @Option(names = "--seconds", paramLabel = "N", description = "How long the traffic runs, in seconds, instead of --minutes.")
    Integer seconds;

    @Option(names = "--uploaders", paramLabel = "N", description = "Concurrent uploaders (default: ${DEFAULT-VALUE}).")
    int uploaders = 8;

    @Option(names = "--pollers", paramLabel = "N", description = "Concurrent pollers of the assessment (default: ${DEFAULT-VALUE}).")
    int pollers = 50;

    @Option(names = "--kill-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "SIGKILL the service this often, e.g. 20s, 1m; 0 for never (default: 20s).")
    Duration killEvery = Duration.ofSeconds(20);

    @Option(names = "--activate-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Activate a harmless rule change this often (default: 5s).")
    Duration activateEvery = Duration.ofSeconds(5);

    @Option(names = "--request-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A request without an answer after this long is a hang (default: 30s).")
    Duration requestTimeout = Duration.ofSeconds(30);

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the service on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--report", paramLabel = "FILE", description = "Where the figures are written (default: ${DEFAULT-VALUE}).")
    Path report = Path.of("reports/reliability.md");

    @Option(names = "--jar", paramLabel = "JAR", description = "The service's jar (default: the jar this command runs from, else target/mandala.jar).")
    Path jar;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    Duration length() {
        return seconds != null ? Duration.ofSeconds(seconds) : Duration.ofMillis(Math.round(minutes * 60_000));
    }

    @Override
    public Integer call() throws Exception {
        if (length().isNegative() || length().isZero() || uploaders < 0 || pollers < 0 || activateEvery.isZero()
                || requestTimeout.isZero()) {
            System.err.println("soak: the duration, the activation interval and the timeout must be positive, the counts not negative");
            return 2;
        }
        Path rules = Path.of("rules");
        Path facts = Path.of("facts");
        Path serviceJar = jar != null ? jar : runningJar();
        for (Path p : List.of(rules.resolve("catalogue.drl.csv"), facts.resolve("reference/actors.csv"), serviceJar)) {
            if (!Files.exists(p)) {
                System.err.println("soak: " + p.toAbsolutePath() + " not found; run it from the project directory after ./mvnw package");
                return 2;
            }
        }
        Path work = Files.createTempDirectory("mandala-soak-");
        copy(rules, work.resolve("rules"));
        Files.createDirectories(work.resolve("reports"));
        Files.createDirectories(work.resolve("uploads"));
        int servicePort = port != 0 ? port : freePort();
        SoakTraffic.Keys keys = new SoakTraffic.Keys(newKey(), newKey(), newKey());
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db").toAbsolutePath()
                        + "/mandala;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                // a copy of the rules: activations are written back there, never into the working copy
                "--mandala.rules.dir=" + work.resolve("rules").toAbsolutePath(),
                "--mandala.facts.dir=" + facts.toAbsolutePath(),
                "--mandala.reports.dir=" + work.resolve("reports").toAbsolutePath(),
                // small enough that some generated files go to a job by size alone
                "--mandala.upload.async-threshold=256KB"));
        String[][] roles = {{"soak-viewer", "VIEWER", keys.viewer()}, {"soak-analyst", "ANALYST", keys.analyst()},
                {"soak-policy", "POLICY", keys.policy()}};
        for (int i = 0; i < roles.length; i++) {
            args.add("--mandala.security.keys[" + i + "].name=" + roles[i][0]);
            args.add("--mandala.security.keys[" + i + "].role=" + roles[i][1]);
            args.add("--mandala.security.keys[" + i + "].sha256=" + sha256(roles[i][2]));
        }
        List<String> types = catalogueTypes(rules.resolve("catalogue.drl.csv"));
        List<String> states = codes(facts.resolve("reference/actors.csv"), "STATE");
        List<String> blocs = codes(facts.resolve("reference/actors.csv"), "BLOC");
        if (blocs.isEmpty()) {
            types = types.stream().filter(t -> !t.equals("BLOC_ACCESSION")).toList();
        }
        List<String> actors = PREFERRED_ACTORS.stream().filter(states::contains).toList();
        if (actors.size() < 3) {
            actors = states.subList(0, Math.min(12, states.size()));
        }
        SoakTraffic.RuleFlip flip = ruleFlip(work.resolve("rules"));

        System.out.printf("Soak: %s of traffic, %d uploaders, %d pollers, a kill every %s, an activation every %s%n",
                human(length()), uploaders, pollers, killEvery.isZero() ? "never" : human(killEvery), human(activateEvery));
        System.out.println("Working directory (generated files, database, child log): " + work);
        System.out.println("Service: " + serviceJar + " on 127.0.0.1:" + servicePort);
        SoakChild child = new SoakChild(serviceJar.toAbsolutePath(), work, servicePort, args, keys.viewer());
        long t0 = System.nanoTime();
        Duration startup;
        try {
            startup = child.start();
        } catch (IllegalStateException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println(child.tail(40));
            return 1;
        }
        System.out.printf("Service up after %.1f s; traffic until %s%n", startup.toMillis() / 1000.0,
                ZonedDateTime.now().plus(length()).format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        SoakStats stats = new SoakStats();
        SoakTraffic traffic = new SoakTraffic(child, servicePort, keys,
                new SoakTraffic.Settings(uploaders, pollers, killEvery, activateEvery, requestTimeout), types, actors, states, blocs,
                work.resolve("uploads"), flip, stats);
        SoakTraffic.Result result;
        try {
            result = traffic.run(length());
        } finally {
            child.stop(Duration.ofSeconds(30));
        }
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        String text = report(result, stats, traffic, startup, total, serviceJar);
        System.out.println();
        System.out.println(text);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.out.println("Written to " + report + "; child log: " + child.log());
        boolean passed = passed(result, stats);
        if (!passed) {
            System.out.println("\nLast lines of the child's log (" + child.log() + "):");
            System.out.println(child.tail(40));
        }
        return passed ? 0 : 1;
    }

    static boolean passed(SoakTraffic.Result r, SoakStats stats) {
        return r.fatal() == null && r.verdicts().passed() && r.rulesLost().isEmpty() && stats.count(SoakStats.HANG) == 0
                && stats.serverErrorsOtherThan503().isEmpty() && stats.failures().isEmpty() && r.cleanStop();
    }

    private String report(SoakTraffic.Result r, SoakStats stats, SoakTraffic traffic, Duration startup, Duration total, Path serviceJar) {
        StringBuilder s = new StringBuilder("# Reliability: the soak\n\n");
        s.append(String.format("`java -jar target/mandala.jar soak %s` on %s, %d cores, Java %s, %s; code: %s.%n%n",
                seconds != null ? "--seconds " + seconds : "--minutes " + formatMinutes(), ZonedDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), gitDescription()));
        s.append(String.format("%d uploaders, %d pollers, a SIGKILL every %s, a rule activation every %s, request timeout %s; "
                        + "the service (`%s`) as a child process with `-XX:+UseParallelGC`, a fresh H2 database, a copy of `rules/`.%n%n",
                uploaders, pollers, killEvery.isZero() ? "never" : human(killEvery), human(activateEvery), human(requestTimeout),
                serviceJar.getFileName()));
        long hangs = stats.count(SoakStats.HANG);
        long fivexx = stats.serverErrorsOtherThan503().size();
        long status503 = stats.serverErrors().size() - fivexx;
        long otherFailures = stats.failures().size() - hangs;
        SoakLedger.Verdicts v = r.verdicts();
        s.append("## Verdicts\n\n| verdict | found | |\n|---|---:|---|\n");
        row(s, "hangs (no answer within the timeout while the service was up)", hangs, hangs == 0);
        row(s, "5xx other than 503", fivexx, fivexx == 0);
        row(s, "503 (a bounded rule)", status503, true);
        row(s, "other unexpected answers and connection errors while up", otherFailures, otherFailures == 0);
        row(s, "rows lost (acknowledged by 201 or a DONE job, not stored)", v.rowsLost().size(), v.rowsLost().isEmpty());
        row(s, "rows stored twice", v.rowsDoubled().size(), v.rowsDoubled().isEmpty());
        row(s, "half-stored files", v.halfStored().size(), v.halfStored().isEmpty());
        row(s, "refused files with rows stored", v.refusedButStored().size(), v.refusedButStored().isEmpty());
        row(s, "untruthful job statuses", v.untruthfulJobs().size(), v.untruthfulJobs().isEmpty());
        row(s, "rule changes lost (active file not the last one acknowledged)", r.rulesLost().size(), r.rulesLost().isEmpty());
        s.append("| the service stopped cleanly (SIGTERM) before the final check | ").append(r.cleanStop() ? "yes" : "no")
                .append(" | ").append(r.cleanStop() ? "ok" : "**FAIL**").append(" |\n");
        s.append(String.format("%nOverall: **%s**%s%n%n", passed(r, stats) ? "PASS" : "FAIL",
                r.fatal() == null ? "" : " (" + r.fatal() + ")"));

        s.append("## The run\n\n");
        List<Duration> restarts = r.restarts();
        s.append(String.format("- duration %s in all: %s of traffic, start-up %.1f s, final check%n", human(total), human(length()),
                startup.toMillis() / 1000.0));
        s.append(String.format("- requests: %d, of which %d while the service was down (connection refused or reset by a kill), "
                + "%d failures, %d 5xx (%d of them 503)%n", stats.requests(), stats.count(SoakStats.UNAVAILABLE), stats.failureCount(),
                stats.serverErrors().size(), status503));
        s.append(String.format("- kills: %d (%d during an import, %d during an activation); restarts: %d, %s%n", r.kills(),
                r.killsDuringImport(), r.killsDuringActivation(), restarts.size(), restarts.isEmpty() ? "none"
                        : String.format("%.1f s mean, %.1f s max from the kill to the first answer",
                        restarts.stream().mapToLong(Duration::toMillis).average().orElse(0) / 1000.0,
                        restarts.stream().mapToLong(Duration::toMillis).max().orElse(0) / 1000.0)));
        s.append(String.format("- final clean restart: %s%n", r.finalRestart() == null ? "not reached"
                : String.format("%.1f s", r.finalRestart().toMillis() / 1000.0)));
        Map<String, Long> outcomes = traffic.uploadOutcomes();
        s.append(String.format("- uploads: %d (%s); rows acknowledged by 201: %d; rows of the soak stored at the end: %d "
                        + "(of %d listed, the listings' totals saying %d)%n%n",
                outcomes.values().stream().mapToLong(Long::longValue).sum(), outcomes.isEmpty() ? "none" : String.join(", ",
                        outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()), traffic.rowsAcknowledged(),
                r.soakRows(), r.storedRows(), r.listedTotal()));

        s.append("## Requests\n\n").append(stats.table()).append('\n');
        s.append("Latencies of answered requests (and of hangs); `unavailable`: refused or reset because the service was killed.\n\n");

        section(s, "5xx answers", stats.serverErrors().stream().map(SoakStats.Incident::describe).toList());
        section(s, "Other failures", stats.failures().stream().map(SoakStats.Incident::describe).toList());
        section(s, "Rows lost", v.rowsLost());
        section(s, "Rows stored twice", v.rowsDoubled());
        section(s, "Half-stored files", v.halfStored());
        section(s, "Refused files with rows stored", v.refusedButStored());
        section(s, "Untruthful job statuses", v.untruthfulJobs());
        section(s, "Rule changes lost", r.rulesLost());
        return s.toString();
    }

    private static void row(StringBuilder s, String what, long n, boolean ok) {
        s.append("| ").append(what).append(" | ").append(n).append(" | ").append(ok ? "ok" : "**FAIL**").append(" |\n");
    }

    /** A list in the report, grouped by identical lines, at most 30 of them. */
    private static void section(StringBuilder s, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        Map<String, Long> grouped = new java.util.LinkedHashMap<>();
        items.forEach(i -> grouped.merge(i.replaceAll("soak-[0-9a-z]+-u\\d+-\\d+-\\d+", "soak-…")
                .replaceAll("/jobs/[0-9a-f-]{36}", "/jobs/{id}"), 1L, Long::sum));
        s.append("## ").append(title).append(" (").append(items.size()).append(")\n\n");
        grouped.entrySet().stream().limit(30).forEach(e -> s.append("- ").append(e.getValue() > 1 ? e.getValue() + "× " : "")
                .append(e.getKey().replace("\n", " ")).append('\n'));
        if (grouped.size() > 30) {
            s.append("- … and ").append(grouped.size() - 30).append(" more kinds\n");
        }
        s.append('\n');
    }

    private String formatMinutes() {
        return minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : String.valueOf(minutes);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The jar this class runs from (in a Spring Boot jar a {@code nested:} URL), else {@code target/mandala.jar}. */
    static Path runningJar() {
        return org.mandala.system.Jars.of(SoakCommand.class).orElse(Path.of("target/mandala.jar"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String newKey() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        org.springframework.util.FileSystemUtils.copyRecursively(from, to);
    }

    /** The types of the catalogue table: its rows named {@code Catalogue defines TYPE}. */
    static List<String> catalogueTypes(Path catalogue) throws IOException {
        List<String> types = Files.readAllLines(catalogue, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("Catalogue defines ")).map(l -> l.split(",")[1].strip()).toList();
        if (types.isEmpty()) {
            throw new IllegalStateException("no type found in " + catalogue);
        }
        return types;
    }

    /** The codes of the reference list of one kind ({@code STATE}, {@code BLOC}). */
    private static List<String> codes(Path actorsCsv, String kind) throws IOException {
        return Files.readAllLines(actorsCsv, StandardCharsets.UTF_8).stream().skip(1).map(l -> l.split(","))
                .filter(c -> c.length >= 3 && c[c.length - 1].strip().equals(kind)).map(c -> c[0].strip()).toList();
    }

    /**
     * The harmless change the activator flips: the SPILLOVER parameter between its value and a
     * hundredth more, else a comment at the end of the first DRL file.
     */
    private static SoakTraffic.RuleFlip ruleFlip(Path rules) throws IOException {
        Path parameters = rules.resolve("parameters.drl.csv");
        if (Files.exists(parameters)) {
            String original = Files.readString(parameters, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^(Parameter SPILLOVER,SPILLOVER,)([0-9.]+),").matcher(original);
            if (m.find()) {
                String tweaked = original.substring(0, m.start(2)) + new java.math.BigDecimal(m.group(2))
                        .add(new java.math.BigDecimal("0.01")).toPlainString() + original.substring(m.end(2));
                return new SoakTraffic.RuleFlip("parameters.drl.csv", original, tweaked);
            }
        }
        try (Stream<Path> files = Files.list(rules)) {
            Path drl = files.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no rule file to change in " + rules));
            String original = Files.readString(drl, StandardCharsets.UTF_8);
            return new SoakTraffic.RuleFlip(drl.getFileName().toString(), original, original + "\n// changed by the soak: harmless\n");
        }
    }

    private static String gitDescription() {
        try {
            Process git = new ProcessBuilder("git", "log", "-1", "--format=%h %s").redirectErrorStream(true).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return "unknown";
            }
            String line = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean modified = dirty.waitFor(5, TimeUnit.SECONDS) && dirty.getInputStream().readAllBytes().length > 0;
            if (git.exitValue() != 0 || line.isEmpty()) {
                return "unknown";
            }
            String subject = line.length() > 90 ? line.substring(0, 87) + "..." : line;
            return "`" + subject.replace("`", "'") + "`" + (modified ? " with uncommitted changes" : "");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** {@code 20s}, {@code 1m}, {@code 500ms}, {@code 1h}, a bare number of seconds, or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|min|h)?").matcher(v);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                double millis = switch (unit) {
                    case "ms" -> n;
                    case "s" -> n * 1000;
                    case "m", "min" -> n * 60_000;
                    default -> n * 3_600_000;
                };
                return Duration.ofMillis(Math.round(millis));
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 20s, 1m or 500ms");
            }
        }
    }
}
