package org.mandala.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * The GDELT 2.0 feed: its {@code lastupdate.txt} lists the newest export zip every 15 minutes. Each
 * poll imports that file with format {@code gdelt2} unless it is recorded already, after the files of
 * the intervals missed since the last one recorded (at most {@code catch-up} of them, their names
 * derived from the time in the listed one). A feed that times out or answers something that is not
 * a zip of one file stores nothing and records nothing: its error is shown and the next poll tries
 * again. A zip whose rows are refused is recorded {@code FAILED} with its errors and not tried again.
 */
@Component
public class GdeltFeed {
    static final String SOURCE = "gdelt";
    private static final Logger log = LoggerFactory.getLogger(GdeltFeed.class);
    private static final Pattern EXPORT = Pattern.compile("(\\d{14})\\.export\\.CSV\\.zip$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Duration STEP = Duration.ofMinutes(15);
    private static final int DOWNLOAD_TIMEOUTS = 10;

    private final IngestProperties.Gdelt settings;
    private final FileImports imports;
    private final IngestLog ingestLog;
    /** Made at the first download: an HTTP client sets up TLS, which the start of the service need not wait for. */
    private final SingletonSupplier<HttpClient> http;

    @Autowired
    GdeltFeed(IngestProperties properties, FileImports imports, IngestLog ingestLog) {
        this(properties.gdelt(), imports, ingestLog);
    }

    GdeltFeed(IngestProperties.Gdelt settings, FileImports imports, IngestLog ingestLog) {
        this.settings = settings;
        this.imports = imports;
        this.ingestLog = ingestLog;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    @Scheduled(fixedDelayString = "${mandala.ingest.gdelt.interval:15m}", initialDelayString = "${mandala.ingest.gdelt.interval:15m}")
    @SchedulerLock(name = "ingest-gdelt", lockAtMostFor = "PT2H")
    public void scheduled() {
        poll();
    }

    /** Fetches {@code lastupdate.txt} once and imports what it lists that is not recorded yet. */
    public void poll() {
        if (settings.url() == null) {
            return;
        }
        String error = null;
        try {
            Listed listed = exportListed(fetchText(settings.url()));
            for (URI file : toFetch(listed.url())) {
                String problem = take(file, file.equals(listed.url()) ? listed : null);
                if (problem != null) {
                    error = problem;
                }
            }
        } catch (IOException | RuntimeException e) {
            error = describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        if (error != null) {
            log.warn("GDELT feed {}: {}", settings.url(), error);
        }
        ingestLog.ran(SOURCE, error);
    }

    /** The export file as {@code lastupdate.txt} lists it: its URL, size in bytes and MD5 (hex). */
    record Listed(URI url, long size, String md5) {
    }

    /** The export zip's line among the lines {@code <size> <md5> <url>}. */
    static Listed exportListed(String lastUpdate) throws IOException {
        for (String line : lastUpdate.split("\\R")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && EXPORT.matcher(parts[2]).find()) {
                try {
                    return new Listed(URI.create(parts[2]), Long.parseLong(parts[0]), parts[1].toLowerCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw new IOException("lastupdate.txt lists no export file (<size> <md5> <url>...YYYYMMDDHHMMSS.export.CSV.zip)");
    }

    /**
     * The listed file, after those of the intervals between the last file recorded and it, oldest first:
     * at most {@code catch-up} earlier ones, and none before anything was ever recorded.
     */
    List<URI> toFetch(URI listed) {
        Optional<String> last = ingestLog.lastItem(SOURCE);
        List<URI> files = new ArrayList<>();
        Matcher m = EXPORT.matcher(listed.toString());
        if (last.isPresent() && m.find()) {
            LocalDateTime at = LocalDateTime.parse(m.group(1), STAMP);
            for (int back = settings.catchUp(); back >= 1; back--) {
                String stamp = at.minus(STEP.multipliedBy(back)).format(STAMP);
                String name = stamp + ".export.CSV.zip";
                if (name.compareTo(last.get()) > 0) {
                    files.add(listed.resolve(name));
                }
            }
        }
        files.add(listed);
        files.removeIf(this::recorded);
        return files;
    }

    private boolean recorded(URI file) {
        return ingestLog.status(SOURCE, name(file)).isPresent();
    }

    static String name(URI file) {
        String path = file.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Downloads, unzips and imports one file; returns the error to show, or {@code null}. The listed file
     * must have the size and MD5 that {@code lastupdate.txt} gives ({@code listed}; {@code null} for a file
     * of a missed interval). A file of a missed interval that the server does not have (404) is recorded
     * {@code MISSING} and not asked for again.
     */
    private String take(URI file, Listed listed) throws IOException, InterruptedException {
        String name = name(file);
        Path zip = Files.createTempFile("mandala-gdelt-", ".zip");
        Path csv = null;
        try {
            HttpResponse<Path> response = download(file, zip);
            if (response.statusCode() == 404 && listed == null) {
                ingestLog.record(SOURCE, name, name, IngestLog.MISSING, null);
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException(name + ": the server answered " + response.statusCode());
            }
            if (listed != null) {
                check(zip, name, listed);
            }
            csv = unzip(zip, name);
            FileImports.Outcome outcome = imports.importAndRecord(csv, SOURCE, name, name, "gdelt2");
            return outcome.done() ? null : name + " was refused: " + outcome.report();
        } finally {
            Files.deleteIfExists(zip);
            if (csv != null) {
                Files.deleteIfExists(csv);
            }
        }
    }

    /** The zip's single file, refused when it is not a zip of one file or unzips larger than {@code max-file-size}. */
    private Path unzip(Path zip, String name) throws IOException {
        long limit = settings.maxFileSize().toBytes();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    entries.add(entry);
                }
            }
            if (entries.size() != 1) {
                throw new IOException(name + " holds " + entries.size() + " files, not one");
            }
            ZipEntry entry = entries.get(0);
            if (entry.getSize() > limit) {
                throw new IOException(name + " unzips to " + entry.getSize() + " bytes, over mandala.ingest.gdelt.max-file-size");
            }
            Path csv = Files.createTempFile("mandala-gdelt-", ".csv");
            try (InputStream in = archive.getInputStream(entry); OutputStream out = Files.newOutputStream(csv)) {
                // the size in the zip's directory may lie: count what is actually written
                byte[] buffer = new byte[64 * 1024];
                long written = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    written += n;
                    if (written > limit) {
                        throw new IOException(name + " unzips to more than mandala.ingest.gdelt.max-file-size");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(csv);
                throw e;
            }
            return csv;
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + " is not a readable zip: " + e.getMessage(), e);
        }
    }

    /**
     * The request timeout bounds the wait for the answer's headers; a body that stalls is bounded by
     * {@value #DOWNLOAD_TIMEOUTS} times the timeout for the whole download.
     */
    private HttpResponse<Path> download(URI file, Path zip) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<Path>> answer = http.obtain().sendAsync(request(file), HttpResponse.BodyHandlers.ofFile(zip));
        try {
            return answer.get(settings.timeout().multipliedBy(DOWNLOAD_TIMEOUTS).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new java.net.http.HttpTimeoutException(name(file) + ": the download did not finish in "
                    + settings.timeout().multipliedBy(DOWNLOAD_TIMEOUTS));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(name(file) + ": " + e.getCause(), e.getCause());
        }
    }

    /** A truncated or altered download is refused before it is opened. */
    private static void check(Path zip, String name, Listed listed) throws IOException {
        long size = Files.size(zip);
        if (size != listed.size()) {
            throw new IOException(name + " has " + size + " bytes, lastupdate.txt says " + listed.size());
        }
        try (InputStream in = Files.newInputStream(zip)) {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
            String actual = java.util.HexFormat.of().formatHex(md5.digest());
            if (!actual.equals(listed.md5())) {
                throw new IOException(name + " has MD5 " + actual + ", lastupdate.txt says " + listed.md5());
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String fetchText(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.obtain().send(request(uri), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET().build();
    }

    private static String describe(Exception e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    IngestProperties.Gdelt settings() {
        return settings;
    }
}
