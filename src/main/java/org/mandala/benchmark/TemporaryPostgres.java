package org.mandala.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the benchmark's own, for the import's figures when no {@code --postgres} is
 * given: a fresh cluster ({@code initdb}) in a temporary directory, started with {@code pg_ctl} on a
 * free local port and removed on close, as the machine's own PostgreSQL installation allows
 * ({@code initdb} and {@code pg_ctl} on the PATH). PostgreSQL refuses to run as root: started by root,
 * it runs as {@code nobody} ({@code runuser}).
 */
final class TemporaryPostgres implements AutoCloseable {
    private final Path dir;
    private final List<String> as;
    private final Path pgCtl;
    final String url;

    private TemporaryPostgres(Path dir, List<String> as, Path pgCtl, String url) {
        this.dir = dir;
        this.as = as;
        this.pgCtl = pgCtl;
        this.url = url;
    }

    /** Started, or empty when this machine has no PostgreSQL server to start (the reason is in {@code why}). */
    static Optional<TemporaryPostgres> start(StringBuilder why) {
        Optional<Path> initdb = PollBenchmark.onPath("initdb");
        Optional<Path> pgCtl = PollBenchmark.onPath("pg_ctl");
        if (initdb.isEmpty() || pgCtl.isEmpty()) {
            why.append("no PostgreSQL server is installed (initdb and pg_ctl are not on the PATH)");
            return Optional.empty();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mandala-postgres");
            List<String> as = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                Optional<Path> runuser = PollBenchmark.onPath("runuser");
                if (runuser.isEmpty()) {
                    why.append("PostgreSQL will not run as root, and runuser is not installed to run it as nobody");
                    delete(dir);
                    return Optional.empty();
                }
                as.addAll(List.of(runuser.get().toString(), "-u", "nobody", "--"));
                UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                Files.setOwner(dir, nobody);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path data = dir.resolve("data");
            run(dir, as, initdb.get().toString(), "-D", data.toString(), "-U", "mandala", "--auth=trust", "-E", "UTF8", "--no-sync");
            run(dir, as, pgCtl.get().toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
            return Optional.of(new TemporaryPostgres(dir, as, pgCtl.get(), "jdbc:postgresql://127.0.0.1:" + port + "/postgres"));
        } catch (IOException | RuntimeException e) {
            why.append("a temporary PostgreSQL server did not start: ").append(e.getMessage());
            if (dir != null) {
                delete(dir);
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted");
            return Optional.empty();
        }
    }

    /** The server's version, as {@code pg_ctl --version} says it. */
    String version() {
        try {
            Process p = new ProcessBuilder(pgCtl.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "PostgreSQL";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "PostgreSQL";
        }
    }

    private static void run(Path dir, List<String> as, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(as);
        full.addAll(List.of(command));
        Path out = Files.createTempFile("mandala-postgres", ".out");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(Path.of(command[0]).getFileName() + " failed: " + Files.readString(out).strip());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() {
        try {
            run(dir, as, pgCtl.toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } catch (IOException e) {
            // removed below all the same; a server left running is stopped by the directory going
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary directory: left to the system
        }
    }
}
