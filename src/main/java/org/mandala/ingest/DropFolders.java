package org.mandala.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.mandala.indicator.IndicatorFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The drop folder: a file put in {@code <watch-dir>/<format>/} is imported in that format once it is
 * complete (its size and time unchanged since the previous look), then moved to {@code done/} or
 * {@code failed/} of its subfolder with its report beside it as {@code <name>.report.json}. A file whose
 * content was imported before (by its SHA-256) is moved to {@code done/} without importing it again.
 */
@Component
public class DropFolders {
    static final String DONE_DIR = "done";
    static final String FAILED_DIR = "failed";
    private static final Logger log = LoggerFactory.getLogger(DropFolders.class);

    private final Path root;
    private final FileImports imports;
    private final IngestLog ingestLog;
    /** Size and time of each file at the previous look; a file unchanged since is complete. */
    private final Map<Path, String> seen = new ConcurrentHashMap<>();

    @Autowired
    DropFolders(IngestProperties properties, FileImports imports, IngestLog ingestLog) {
        this(properties.watchDir(), imports, ingestLog);
    }

    DropFolders(Path root, FileImports imports, IngestLog ingestLog) {
        this.root = root;
        this.imports = imports;
        this.ingestLog = ingestLog;
    }

    static String source(String format) {
        return "watch/" + format;
    }

    @Scheduled(fixedDelayString = "${mandala.ingest.watch-interval:10s}", initialDelayString = "${mandala.ingest.watch-interval:10s}")
    @SchedulerLock(name = "ingest-watch", lockAtMostFor = "PT1H")
    public void scheduled() {
        poll();
    }

    /** Looks at every format's subfolder once, importing the files that are complete. */
    public void poll() {
        if (root == null) {
            return;
        }
        for (String format : IndicatorFormats.NAMES) {
            Path folder = root.resolve(format);
            String error = null;
            try {
                Files.createDirectories(folder);
                for (Path file : candidates(folder)) {
                    String problem = take(file, format);
                    if (problem != null) {
                        error = problem;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                error = "cannot read " + folder + ": " + e.getMessage();
            }
            ingestLog.ran(source(format), error);
        }
    }

    /** The files of a folder that are complete now; others are remembered for the next look. */
    private List<Path> candidates(Path folder) throws IOException {
        List<Path> ready = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                if (!a.isRegularFile() || incomplete(file.getFileName().toString())) {
                    continue;
                }
                String state = a.size() + "@" + a.lastModifiedTime().toMillis();
                String before = seen.put(file, state);
                if (state.equals(before)) {
                    ready.add(file);
                }
            }
        }
        seen.keySet().removeIf(p -> !Files.exists(p));
        ready.sort(null);
        return ready;
    }

    /** Hidden files and the names of files still being written by common tools. */
    static boolean incomplete(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.startsWith(".") || n.startsWith("~") || n.endsWith(".tmp") || n.endsWith(".part") || n.endsWith(".partial")
                || n.endsWith(".crdownload") || n.endsWith(".swp") || n.endsWith(".report.json");
    }

    /** Imports and moves one complete file; returns the error to show, or {@code null}. */
    private String take(Path file, String format) {
        String name = file.getFileName().toString();
        try {
            String digest = sha256(file);
            String source = source(format);
            String report;
            boolean done;
            if (ingestLog.status(source, digest).filter(IngestLog.DONE::equals).isPresent()) {
                done = true;
                report = ingestLog.report(source, digest).orElse("{}");
            } else {
                FileImports.Outcome outcome = imports.importAndRecord(file, source, digest, name, format);
                done = outcome.done();
                report = outcome.report();
            }
            moveWithReport(file, file.resolveSibling(done ? DONE_DIR : FAILED_DIR), report);
            seen.remove(file);
            return done ? null : name + " was refused; see " + FAILED_DIR + "/" + name + ".report.json";
        } catch (IOException | RuntimeException e) {
            // left in place and tried again at the next look; nothing of it was stored
            log.warn("Drop folder: {} not imported: {}", file, e.toString());
            return name + ": " + e.getMessage();
        }
    }

    private static void moveWithReport(Path file, Path into, String report) throws IOException {
        Files.createDirectories(into);
        String name = file.getFileName().toString();
        if (Files.exists(into.resolve(name))) {
            name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "-" + name;
        }
        Files.writeString(into.resolve(name + ".report.json"), report, StandardCharsets.UTF_8);
        Files.move(file, into.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The drop folder, or {@code null} when none is configured. */
    Path root() {
        return root;
    }
}
