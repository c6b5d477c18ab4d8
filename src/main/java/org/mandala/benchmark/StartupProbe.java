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
 * 200. Measured twice: a first start (a fresh database and an empty compiled-rules cache, so the
 * rules are compiled and their tests run before the first answer) and a restart (the same database
 * and cache). The child is stopped after each. Only run from the jar; the benchmark's own context
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
        Optional<Path> jar = jar();
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
            Start first = start(jar.get(), dir, cache, "first");
            rows.row("Start-up to the first answer, first start: fresh database, rules compiled and their tests run (`java -jar"
                    + " mandala.jar`, sample, embedded H2)", figure(first), note(first));
            Start restart = start(jar.get(), dir, cache, "restart");
            rows.row("Start-up to the first answer, restart: the same database, the ruleset already tested and its compiled"
                    + " rules cached", figure(restart), note(restart));
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

    /** Runs the jar in the directory until the first 200, then stops it. */
    static Start start(Path jar, Path dir, Path cache, String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
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

    /** The jar this class was loaded from, when it runs from one (the fat jar, or the extracted layout's). */
    static Optional<Path> jar() {
        try {
            java.security.CodeSource source = StartupProbe.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            return archive(source.getLocation().toString());
        } catch (SecurityException e) {
            return Optional.empty();
        }
    }

    /** The jar file a code-source URL names: {@code jar:nested:/a/mandala.jar/!BOOT-INF/classes/!/} or {@code file:/a/mandala.jar}. */
    static Optional<Path> archive(String url) {
        String path = url.replaceFirst("^jar:", "").replaceFirst("^nested:", "").replaceFirst("^file:", "");
        int end = path.indexOf(".jar");
        if (end < 0) {
            return Optional.empty();
        }
        Path jar = Path.of(URI.create("file:" + path.substring(0, end + ".jar".length())).getPath());
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
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
