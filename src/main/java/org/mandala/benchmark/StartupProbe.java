package org.mandala.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Start-up to the first answer, as an operator sees it: the jar this benchmark runs from is started
 * as a child process ({@code java -jar mandala.jar}, no JVM options) on a free port, in a temporary
 * directory holding copies of {@code rules/} and {@code facts/} from the working directory, with
 * the embedded H2 defaults, and {@code GET /api/assessment?focus=IND} is polled until it answers
 * 200. Measured three times: a first start (a fresh database and an empty compiled-rules cache, so
 * the rules are compiled and their tests run before the first answer), a restart (the same database
 * and cache), and a restart in the production form of the README (the jar extracted and run with a
 * class-data sharing archive it makes first). The child is stopped after each. Only run from the jar; the benchmark's own context
 * is not started yet, so nothing else of the benchmark runs meanwhile.
 */
final class StartupProbe {
    /** The target: the first answer within 5 s of {@code java -jar} on an idle machine. */
    static final Duration TARGET = Duration.ofSeconds(5);
    private static final Duration GIVE_UP = Duration.ofMinutes(4);

    /** Where a row of figures goes: what, time, note. */
    interface Rows {
        void row(String what, String time, String note);
    }

    /** One start: the time to the first 200, the child's CPU time by then, and how it ended if it did not answer. */
    record Start(double ms, Optional<Duration> cpu, String failure) {
    }

    private StartupProbe() {
    }

    /** Measures a first start and a restart of the jar this class runs from, and reports them as rows. */
    static void measure(Rows rows) {
        String what = "Start-up to the first answer: `java -jar mandala.jar`, sample facts and rules, embedded H2, until"
                + " GET /api/assessment?focus=IND answers 200";
        Optional<Path> jar = org.mandala.system.Jars.of(StartupProbe.class);
        Path rules = Path.of("rules");
        Path facts = Path.of("facts");
        if (jar.isEmpty()) {
            rows.row(what, "not measured", "run from the jar: `java -jar target/mandala.jar benchmark`");
            return;
        }
        if (!Files.isDirectory(rules) || !Files.isDirectory(facts)) {
            rows.row(what, "not measured", "no rules/ and facts/ in the working directory to copy");
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mandala-startup");
            copy(rules, dir.resolve("rules"));
            copy(facts, dir.resolve("facts"));
            Path cache = dir.resolve("kbase-cache");
            Start first = start(List.of(), jar.get(), dir, cache, "first");
            rows.row("Start-up to the first answer, first start: fresh database, rules compiled and their tests run (`java -jar"
                    + " mandala.jar`, sample, embedded H2)", figure(first), note(first));
            Start restart = start(List.of(), jar.get(), dir, cache, "restart");
            rows.row("Start-up to the first answer, restart: the same database, the ruleset already tested and its compiled"
                    + " rules cached", figure(restart), note(restart));
            Start shared = withClassDataSharing(jar.get(), dir, cache);
            rows.row("Start-up to the first answer, restart in the production form (README, Start-up; the Dockerfile's): the jar"
                    + " extracted, with a static class-data sharing archive of a training run", figure(shared), note(shared));
        } catch (IOException | RuntimeException e) {
            rows.row(what, "not measured", "the child could not be run: " + e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static String figure(Start s) {
        return s.failure() != null ? "not measured" : String.format(Locale.ROOT, "%,.1f ms", s.ms());
    }

    private static String note(Start s) {
        if (s.failure() != null) {
            return s.failure();
        }
        String cpu = s.cpu().map(c -> String.format(Locale.ROOT, "; the child's CPU time by then %,d ms", c.toMillis())).orElse("");
        return "**target ≤ " + TARGET.toSeconds() + " s: " + (s.ms() <= TARGET.toMillis() ? "met" : "not met") + "**" + cpu
                + "; wall time from the process start, on this machine as it is (idle or not)";
    }

    /**
     * A restart as the README's Start-up section and the Dockerfile run it: the jar extracted, a
     * training run (a start to the first answer) that lists the classes it loads, a static CDS
     * archive of them (without the lambda proxies, whose dump crashes Java 17), then the extracted
     * jar with that archive.
     */
    private static Start withClassDataSharing(Path jar, Path dir, Path cache) throws IOException {
        Path app = dir.resolve("app").toAbsolutePath();
        Path extracted = app.resolve(jar.getFileName());
        Path classes = app.resolve("app.classlist");
        Path archive = app.resolve("app.jsa");
        String failed = run(dir, "extract", List.of("-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract", "--destination",
                app.toString()));
        if (failed == null) {
            // the training run: a start to the first answer, as measured, listing every class it loads
            failed = start(List.of("-XX:DumpLoadedClassList=" + classes), extracted, dir, cache, "training").failure();
        }
        if (failed == null) {
            Path list = app.resolve("app-classes.classlist");
            try (java.util.stream.Stream<String> lines = Files.lines(classes)) {
                Files.write(list, lines.filter(l -> !l.startsWith("@lambda-proxy")).toList());
            }
            failed = run(dir, "dump", List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + archive, "-cp",
                    extracted.toString()));
        }
        if (failed != null) {
            return new Start(0, Optional.empty(), failed);
        }
        // -Xshare:on: refuse to start rather than run without the archive, so the figure is the archive's
        return start(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"), extracted, dir, cache, "cds");
    }

    /** Runs {@code java} with the arguments in the directory to its end; null, or why it failed. */
    private static String run(Path dir, String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(arguments);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(GIVE_UP.toMinutes(), java.util.concurrent.TimeUnit.MINUTES)) {
                stop(p);
                return "the " + name + " step did not end within " + GIVE_UP.toMinutes() + " min";
            }
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0 ? null : "the " + name + " step ended with status " + p.exitValue() + " (its log: " + log + ")";
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the jar with the JVM options in the directory until the first 200, then stops it. */
    static Start start(List<String> options, Path jar, Path dir, Path cache, String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                "--mandala.rules.cache-dir=" + cache.toAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/assessment?focus=IND"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        long t0 = System.nanoTime();
        Process child = builder.start();
        try {
            while (System.nanoTime() - t0 < GIVE_UP.toNanos()) {
                if (!child.isAlive()) {
                    return new Start(0, Optional.empty(), "the child exited with status " + child.exitValue() + " before it answered"
                            + " (its log: " + dir.resolve(name + ".log") + ")");
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        return new Start(ms, child.toHandle().info().totalCpuDuration(), null);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            return new Start(0, Optional.empty(), "no answer within " + GIVE_UP.toMinutes() + " min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Start(0, Optional.empty(), "interrupted");
        } finally {
            stop(child);
        }
    }

    private static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        org.springframework.util.FileSystemUtils.copyRecursively(from, to);
    }

    private static void delete(Path dir) {
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
