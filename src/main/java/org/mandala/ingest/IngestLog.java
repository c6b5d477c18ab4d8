package org.mandala.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Tables {@code ingest_file} (every file imported or refused) and {@code ingest_source} (last run, last error). */
@Repository
class IngestLog {
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String MISSING = "MISSING";
    private static final int MAX_ERROR = 4000;

    private final JdbcTemplate jdbc;

    IngestLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The status a file was recorded with, if it was. */
    Optional<String> status(String source, String item) {
        return jdbc.queryForList("SELECT status FROM ingest_file WHERE source = ? AND item = ?", String.class, source, item)
                .stream().findFirst();
    }

    Optional<String> report(String source, String item) {
        return jdbc.queryForList("SELECT report FROM ingest_file WHERE source = ? AND item = ?", String.class, source, item)
                .stream().findFirst();
    }

    /** Records a file; in the caller's transaction when there is one, so it commits with the rows it stored. */
    void record(String source, String item, String fileName, String status, String report) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.update("UPDATE ingest_file SET file_name = ?, status = ?, report = ?, at = ? WHERE source = ? AND item = ?",
                fileName, status, report, now, source, item);
        if (updated == 0) {
            jdbc.update("INSERT INTO ingest_file (source, item, file_name, status, report, at) VALUES (?, ?, ?, ?, ?, ?)",
                    source, item, fileName, status, report, now);
        }
    }

    /** The greatest item recorded for a source: for a feed, its latest file (names start with their time). */
    Optional<String> lastItem(String source) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(item) FROM ingest_file WHERE source = ?", String.class, source));
    }

    /** Notes a run of a source and its error, {@code null} when it went well. */
    void ran(String source, String error) {
        String clipped = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("UPDATE ingest_source SET last_run_at = ?, last_error = ? WHERE source = ?", now, clipped, source) == 0) {
            jdbc.update("INSERT INTO ingest_source (source, last_run_at, last_error) VALUES (?, ?, ?)", source, now, clipped);
        }
    }

    /** What the status page shows of one source. */
    record Summary(Instant lastRun, String lastError, String lastFile, long done, long failed) {
    }

    Summary summary(String source) {
        List<Summary> run = jdbc.query("SELECT last_run_at, last_error FROM ingest_source WHERE source = ?",
                (rs, i) -> new Summary(rs.getTimestamp(1).toInstant(), rs.getString(2), null, 0, 0), source);
        String lastFile = jdbc.queryForList("SELECT file_name FROM ingest_file WHERE source = ? AND status <> ? ORDER BY at DESC LIMIT 1",
                String.class, source, MISSING).stream().findFirst().orElse(null);
        long done = count(source, DONE);
        long failed = count(source, FAILED);
        Summary s = run.isEmpty() ? null : run.get(0);
        return new Summary(s == null ? null : s.lastRun(), s == null ? null : s.lastError(), lastFile, done, failed);
    }

    private long count(String source, String status) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM ingest_file WHERE source = ? AND status = ?", Long.class, source, status);
        return n == null ? 0 : n;
    }
}
