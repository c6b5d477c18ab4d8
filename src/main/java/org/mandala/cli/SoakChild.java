package org.mandala.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service under soak, as a child process of its own jar on a port of 127.0.0.1: started,
 * killed with SIGKILL and started again on the same database, its output appended to one log.
 */
final class SoakChild {
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final List<String> command;
    private final Path workDir;
    private final Path log;
    private final URI readiness;
    private final String readKey;
    private Process process;

    SoakChild(Path jar, Path workDir, int port, List<String> serviceArgs, String readKey) {
        this.workDir = workDir;
        this.log = workDir.resolve("child.log");
        this.readiness = URI.create("http://127.0.0.1:" + port + "/api/indicators?size=1");
        this.readKey = readKey;
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx1g", "-Djava.io.tmpdir=" + workDir.resolve("java-tmp"), "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1"));
        c.addAll(serviceArgs);
        this.command = List.copyOf(c);
    }

    Path log() {
        return log;
    }

    /** Starts the service and waits until it answers; returns how long that took. */
    Duration start() throws IOException, InterruptedException {
        Files.createDirectories(workDir.resolve("java-tmp"));
        Files.writeString(log, "\n=== start " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + readKey).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException("the service did not answer within " + READY_WITHIN.toSeconds() + " s; see " + log);
    }

    /** SIGKILL: {@link Process#destroyForcibly()} on Linux, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed service is still alive after 30 s");
        }
    }

    /** SIGTERM and a wait for a clean shutdown; returns false (and kills it) when it took longer than {@code within}. */
    boolean stop(Duration within) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The last lines of the child's log. */
    String tail(int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
