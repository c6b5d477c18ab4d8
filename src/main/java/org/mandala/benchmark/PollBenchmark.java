package org.mandala.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's two requests for an assessment it has seen, measured against the machine's own limit
 * for the same bytes: nginx serving them as a static file with its own ETag, in the same run and
 * with the same load (16 connections, one client thread). The load is {@code wrk} when it is installed
 * (as the outside check uses), else a client of this JVM's own (keep-alive sockets, one
 * thread a connection, which shares the machine with the server it measures). nginx is started on a
 * free local port with a temporary configuration and stopped after; without it the baseline is "not
 * measured".
 */
final class PollBenchmark {
    static final int CONNECTIONS = 16;
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_ERRORS = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    /** What one load measured: requests a second, and answers that were not what was expected. */
    record Load(double perSecond, long unexpected) {
    }

    /** A load generator: {@code wrk}, or this JVM's own. */
    interface Loader {
        String describe(int seconds);

        Load run(URI uri, String ifNoneMatch, int expectedStatus, int seconds) throws IOException, InterruptedException;
    }

    private PollBenchmark() {
    }

    /** {@code wrk} when it is on the PATH, else this JVM's own client. */
    static Loader loader() {
        Optional<Path> wrk = onPath("wrk");
        return wrk.<Loader>map(Wrk::new).orElseGet(JvmLoader::new);
    }

    /** An executable of that name on the PATH (or in /usr/sbin, where Debian puts nginx). */
    static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/sbin");
        for (String dir : dirs) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The body and ETag of a full answer. */
    record Answer(byte[] body, String etag) {
    }

    static Answer fetch(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        return new Answer(r.body(), r.headers().firstValue("ETag").orElseThrow(() -> new IOException(uri + " sent no ETag")));
    }

    /** {@code wrk -t1 -c16 -dNs}, with the tag when there is one. */
    static final class Wrk implements Loader {
        private final Path wrk;

        Wrk(Path wrk) {
            this.wrk = wrk;
        }

        @Override
        public String describe(int seconds) {
            return "`wrk -t1 -c" + CONNECTIONS + " -d" + seconds + "s`";
        }

        @Override
        public Load run(URI uri, String ifNoneMatch, int expectedStatus, int seconds) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(wrk.toString(), "-t1", "-c" + CONNECTIONS, "-d" + seconds + "s"));
            if (ifNoneMatch != null) {
                command.addAll(List.of("-H", "If-None-Match: " + ifNoneMatch));
            }
            command.add(uri.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("wrk failed: " + out.strip());
            }
            Matcher rate = WRK_RATE.matcher(out);
            if (!rate.find()) {
                throw new IOException("wrk said no rate: " + out.strip());
            }
            Matcher errors = WRK_ERRORS.matcher(out);
            // wrk counts answers of 400 and above; whether a 304 was a 304 is checked once before (see check)
            return new Load(Double.parseDouble(rate.group(1)), errors.find() ? Long.parseLong(errors.group(1)) : 0);
        }
    }

    /** Keep-alive sockets, one thread a connection, each sending the request again as soon as the answer is read. */
    static final class JvmLoader implements Loader {
        @Override
        public String describe(int seconds) {
            return "this JVM's own client (wrk is not installed), " + CONNECTIONS + " keep-alive connections for " + seconds + " s";
        }

        @Override
        public Load run(URI uri, String ifNoneMatch, int expectedStatus, int seconds) throws InterruptedException {
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + (ifNoneMatch == null ? "" : "If-None-Match: " + ifNoneMatch + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            LongAdder done = new LongAdder();
            LongAdder unexpected = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                            s.setSoTimeout(10_000);
                            OutputStream out = s.getOutputStream();
                            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024);
                            while (!stop.get()) {
                                out.write(request);
                                out.flush();
                                int status = readAnswer(in);
                                if (status < 0) {
                                    break; // closed: open another connection
                                }
                                done.increment();
                                if (status != expectedStatus) {
                                    unexpected.increment();
                                }
                            }
                        } catch (IOException e) {
                            unexpected.increment();
                        }
                    }
                }, "poll-load-" + i);
                t.start();
                threads.add(t);
            }
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            long count = done.sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Thread t : threads) {
                t.join(15_000);
            }
            return new Load(count / elapsed, unexpected.sum());
        }

        /** Reads one answer (head, and a body of Content-Length bytes); its status, or -1 at the end of the stream. */
        private static int readAnswer(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int status = -1;
            long length = 0;
            boolean first = true;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return -1;
                }
                if (c == '\n') {
                    String l = line.toString().strip();
                    line.setLength(0);
                    if (l.isEmpty()) {
                        break;
                    }
                    if (first) {
                        status = Integer.parseInt(l.split(" ")[1]);
                        first = false;
                    } else if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Long.parseLong(l.substring(15).strip());
                    }
                } else {
                    line.append((char) c);
                }
            }
            in.skipNBytes(length);
            return status;
        }
    }

    /** An nginx of its own serving one file on a free local port, with a temporary configuration; stopped on close. */
    static final class Nginx implements AutoCloseable {
        private final Path dir;
        private final Process process;
        final URI uri;

        private Nginx(Path dir, Process process, URI uri) {
            this.dir = dir;
            this.process = process;
            this.uri = uri;
        }

        /** Started serving {@code body} as {@code /assessment.json}; empty when nginx is not installed. */
        static Optional<Nginx> start(byte[] body) throws IOException, InterruptedException {
            Optional<Path> nginx = onPath("nginx");
            if (nginx.isEmpty()) {
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("mandala-nginx");
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.write(www.resolve("assessment.json"), body);
            // started as root, nginx's workers run as nobody: they must be able to read the file
            for (Path p : List.of(dir, www)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(www.resolve("assessment.json"), PosixFilePermissions.fromString("rw-r--r--"));
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, String.format(Locale.ROOT, """
                    worker_processes auto;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;
                        etag on;
                        location / { default_type application/json; }
                      }
                    }
                    """, dir, port));
            Process p = new ProcessBuilder(nginx.get().toString(), "-c", conf.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            URI uri = URI.create("http://127.0.0.1:" + port + "/assessment.json");
            Nginx started = new Nginx(dir, p, uri);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    started.close();
                    throw new IOException("nginx stopped at once: " + Files.readString(dir.resolve("nginx.out")).strip());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return Optional.of(started);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            started.close();
            throw new IOException("nginx did not open port " + port + " within 10 s");
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** The status an If-None-Match request gets, to check once that a poll is what the load will measure. */
    static int statusOf(URI uri, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
