package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Large imports as background jobs whose state is kept in the database, so that any replica can
 * answer for a job. The import itself is the same single transaction as a direct upload: it lands
 * whole or not at all, also when the process dies half-way; the job of a dead process stops
 * beating and is then reported {@code FAILED}.
 */
@Service
public class ImportJobs implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** A running job not updated for this long belongs to a process that stopped. */
    static final Duration STALE = Duration.ofMinutes(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IndicatorImportService importer;
    private final JdbcTemplate jdbc;
    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mandala-import");
        t.setDaemon(true);
        return t;
    });

    ImportJobs(IndicatorImportService importer, JdbcTemplate jdbc) {
        this.importer = importer;
        this.jdbc = jdbc;
    }

    /** Spools the stream to disk and imports it in the background; returns the job's id at once. */
    public String start(InputStream in, String fileName, String format) {
        importer.format(format);
        Path tmp;
        try {
            tmp = Files.createTempFile("mandala-job-", ".upload");
            try (InputStream source = in) {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO import_job (id, status, format, file_name, rows_read, accepted, duplicates, created_at, updated_at)"
                + " VALUES (?, 'RUNNING', ?, ?, 0, 0, 0, ?, ?)", id, format, fileName, now, now);
        workers.submit(() -> run(id, tmp, fileName, format));
        return id;
    }

    private void run(String id, Path file, String fileName, String format) {
        Instant[] beat = {Instant.EPOCH};
        try {
            ImportReport report = importer.importFile(file, fileName, format, (checked, stored) -> {
                if (Duration.between(beat[0], Instant.now()).compareTo(HEARTBEAT) >= 0 || stored == 0) {
                    beat[0] = Instant.now();
                    jdbc.update("UPDATE import_job SET rows_read = ?, accepted = ?, updated_at = ? WHERE id = ?", checked, stored,
                            Timestamp.from(beat[0]), id);
                }
            });
            jdbc.update("UPDATE import_job SET status = 'DONE', rows_read = ?, accepted = ?, duplicates = ?, skipped = ?, batch_id = ?,"
                            + " updated_at = ? WHERE id = ?", report.rows(), report.accepted(), report.duplicates(),
                    JSON.writeValueAsString(report.skipped()), report.batchId(), Timestamp.from(Instant.now()), id);
        } catch (IndicatorsRejectedException e) {
            fail(id, new Problem(e.getMessage(), e.errors(), e.errorCount()));
        } catch (RuntimeException e) {
            log.error("Import job {} failed", id, e);
            fail(id, new Problem("the import failed on the server; nothing of the file was stored", List.of(), 0));
        } finally {
            IndicatorImportService.deleteQuietly(file);
        }
    }

    private record Problem(String message, List<ValidationError> errors, long errorCount) {
    }

    private void fail(String id, Problem problem) {
        jdbc.update("UPDATE import_job SET status = 'FAILED', problem = ?, updated_at = ? WHERE id = ?",
                JSON.writeValueAsString(problem), Timestamp.from(Instant.now()), id);
    }

    public Optional<ImportJob> find(String id) {
        return jdbc.query("SELECT * FROM import_job WHERE id = ?", (rs, n) -> {
            String status = rs.getString("status");
            Instant updated = rs.getTimestamp("updated_at").toInstant();
            Problem problem = rs.getString("problem") == null ? null : JSON.readValue(rs.getString("problem"), Problem.class);
            if (status.equals("RUNNING") && Duration.between(updated, Instant.now()).compareTo(STALE) > 0) {
                status = "FAILED";
                problem = new Problem("interrupted: the process running the import stopped; nothing of the file was stored",
                        List.of(), 0);
            }
            boolean done = status.equals("DONE");
            Map<String, Long> skipped = rs.getString("skipped") == null ? null
                    : JSON.readValue(rs.getString("skipped"), new TypeReference<Map<String, Long>>() { });
            return new ImportJob(rs.getString("id"), status, rs.getString("format"), rs.getString("file_name"),
                    rs.getLong("rows_read"), done ? rs.getLong("rows_read") : null, rs.getLong("accepted"),
                    done ? rs.getLong("duplicates") : null, skipped, rs.getString("batch_id"),
                    problem == null || problem.errors().isEmpty() ? null : problem.errors(),
                    problem == null || problem.errorCount() == 0 ? null : problem.errorCount(),
                    problem == null ? null : problem.message());
        }, id).stream().findFirst();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
