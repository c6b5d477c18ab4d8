package org.mandala.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;

/** A local stand-in for GDELT: answers each path with what a test put there. */
public final class FakeGdelt implements AutoCloseable {
    final HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** The paths asked for, in order. */
    public final List<String> asked = new CopyOnWriteArrayList<>();
    final AtomicReference<CountDownLatch> stall = new AtomicReference<>();
    final AtomicReference<CountDownLatch> stallBody = new AtomicReference<>();
    final AtomicReference<String> listed = new AtomicReference<>();
    volatile String md5Listed;

    public FakeGdelt() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            CountDownLatch latch = stall.get();
            if (latch != null && path.endsWith(".zip")) {
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = path.endsWith("/lastupdate.txt") && listed.get() != null ? lastUpdate(listed.get()) : files.get(path);
            try (exchange) {
                CountDownLatch bodyLatch = stallBody.get();
                if (bodyLatch != null && body != null && path.endsWith(".zip")) {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body, 0, body.length / 2);
                    exchange.getResponseBody().flush();
                    bodyLatch.await(20, TimeUnit.SECONDS);
                    return;
                }
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            } catch (IOException e) {
                // the client gave up waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /**
     * Lists {@code stamp}'s export (and, as GDELT does, its mentions and gkg files) in lastupdate.txt,
     * with the size and MD5 of what is served for it when asked (or {@link #md5Listed} when set).
     */
    public void lists(String stamp) {
        listed.set(stamp);
    }

    byte[] lastUpdate(String stamp) {
        byte[] export = files.getOrDefault("/gdeltv2/" + stamp + ".export.CSV.zip", new byte[0]);
        String md5;
        try {
            md5 = md5Listed != null ? md5Listed
                    : java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(export));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String base = uri("/gdeltv2/").toString();
        return (export.length + " " + md5 + " " + base + stamp + ".export.CSV.zip\n"
                + "318084 bb27f78ba45f69a17ea6ed7755e9f8ff " + base + stamp + ".mentions.CSV.zip\n"
                + "10768507 ea8dde0beb0ba98810a92db068c0ce99 " + base + stamp + ".gkg.csv.zip\n").getBytes(StandardCharsets.UTF_8);
    }

    public void serves(String stamp, byte[] zip) {
        files.put("/gdeltv2/" + stamp + ".export.CSV.zip", zip);
    }

    @Override
    public void close() {
        for (CountDownLatch latch : new CountDownLatch[] {stall.get(), stallBody.get()}) {
            if (latch != null) {
                latch.countDown();
            }
        }
        server.stop(0);
    }

    /** A zipped GDELT 2.0 export of the fixture's events, with event ids of its own so that they are new. */
    public static byte[] export(String stamp) throws IOException {
        long base = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/fixtures/gdelt2-events.tsv"));
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            tsv.append(base + i).append(lines.get(i).substring(lines.get(i).indexOf('\t'))).append('\n');
        }
        return zip(stamp + ".export.CSV", tsv.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] zip(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
