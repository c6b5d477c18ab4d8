package org.mandala.indicator;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Large imports as background jobs whose state is kept in table {@code import_job}, so that any
 * replica can answer for a job. The import itself is the same single transaction as a direct
 * upload, and that transaction also marks the job {@code DONE}: the file and the verdict land
 * together or not at all. Progress and a heartbeat are written in short transactions of their own
 * while the job waits for its turn or stores. A job whose heartbeat stops (its process died) is
 * settled by whichever replica looks first, from the store: {@code DONE} if its batch is there,
 * otherwise {@code FAILED} with nothing stored. On shutdown, running jobs get a grace period to
 * finish, then are rolled back and reported {@code FAILED}.
 */
@Service
public class ImportJobs implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** Progress is written at most this often from the import itself, and at every heartbeat. */
    private static final Duration PROGRESS_WRITES = Duration.ofSeconds(1);
    private static final Duration SWEEPS = Duration.ofMinutes(1);
    /** After the grace period, how long cancelled imports get to roll back and say so. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
    private static final Problem GONE = new Problem(
            "interrupted: the process running the import stopped before the file landed; nothing of the file was stored", List.of(), 0);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IndicatorImportService importer;
    private final IndicatorRepository repository;
    private final JdbcTemplate jdbc;
    /** Heartbeats and verdicts commit at once, also when written from inside an import's transaction. */
    private final TransactionTemplate own;
    private final Spool spool;
    private final String owner = UUID.randomUUID().toString();
    private final Duration heartbeat;
    private final Duration staleAfter;
    private final Duration grace;
    /** This replica's jobs, queued or running. */
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(daemon("mandala-import"));
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(daemon("mandala-import-heartbeat"));
    private volatile boolean accepting = true;
    private volatile boolean running;

    @Autowired
    ImportJobs(IndicatorImportService importer, IndicatorRepository repository, JdbcTemplate jdbc, PlatformTransactionManager transactions,
               Spool spool, MandalaProperties properties,
               @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownPhase) {
        this(importer, repository, jdbc, transactions, spool, properties.upload().jobHeartbeat(), properties.upload().jobStaleAfter(),
                shutdownPhase.minus(CANCEL_WAIT).minusSeconds(1));
    }

    ImportJobs(IndicatorImportService importer, IndicatorRepository repository, JdbcTemplate jdbc, PlatformTransactionManager transactions,
               Spool spool, Duration heartbeat, Duration staleAfter, Duration grace) {
        this.importer = importer;
        this.repository = repository;
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.spool = spool;
        this.heartbeat = heartbeat;
        this.staleAfter = staleAfter;
        this.grace = grace.isNegative() ? Duration.ofSeconds(1) : grace;
    }

    /** A job of this replica: what the heartbeat writes, and whether shutdown asked it to stop. */
    private static final class Job {
        final String id;
        final String batchId;
        final Path file;
        volatile long checked;
        volatile long stored;
        volatile long lastWrite = System.nanoTime();
        volatile boolean cancelled;

        Job(String id, String batchId, Path file) {
            this.id = id;
            this.batchId = batchId;
            this.file = file;
        }
    }

    private record Problem(String message, List<ValidationError> errors, long errorCount) {
    }

    /**
     * Spools the stream to disk and imports it in the background; returns the job's id at once.
     *
     * @throws ImportsBusyException when this replica is shutting down and takes no new jobs
     */
    public String start(InputStream in, String fileName, String format) {
        if (!accepting) {
            throw stopping();
        }
        importer.format(format);
        String id = UUID.randomUUID().toString();
        Job job = new Job(id, UUID.randomUUID().toString(), spool.write(in, "job-" + id));
        try {
            jdbc.update("INSERT INTO import_job (id, status, format, file_name, rows_read, accepted, duplicates, batch_id, owner,"
                    + " created_at, updated_at, heartbeat_at) VALUES (?, 'RUNNING', ?, ?, 0, 0, 0, ?, ?, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id, format, fileName, job.batchId, owner);
        } catch (RuntimeException e) {
            spool.remove(job.file);
            throw e;
        }
        jobs.put(id, job);
        try {
            workers.execute(() -> run(job, fileName, format));
        } catch (RejectedExecutionException e) {
            forget(job);
            settle(id, job.batchId, new Problem("the server was shutting down and did not start the import; nothing of the file"
                    + " was stored, send it again", List.of(), 0), null);
            throw stopping();
        }
        return id;
    }

    private static ImportsBusyException stopping() {
        return new ImportsBusyException("this server is shutting down and takes no new import jobs; nothing of the file was"
                + " stored, send it again", Duration.ofSeconds(5));
    }

    private void run(Job job, String fileName, String format) {
        try {
            if (job.cancelled) {
                throw new CancellationException();
            }
            ImportReport report = importer.importFile(job.file, fileName, format, job.batchId, new IndicatorImportService.Progress() {
                @Override
                public void update(long checked, long stored) {
                    job.checked = checked;
                    job.stored = stored;
                    if (job.cancelled) {
                        throw new CancellationException();
                    }
                    if (System.nanoTime() - job.lastWrite >= PROGRESS_WRITES.toNanos()) {
                        beat(job);
                    }
                }

                @Override
                public boolean cancelled() {
                    return job.cancelled;
                }

                @Override
                public void landing(ImportReport r) {
                    // in the import's transaction: the job is DONE exactly when its rows commit
                    if (markDone(job.id, r) == 0) {
                        throw new IllegalStateException("import job " + job.id + " was settled as failed while it stored");
                    }
                }
            });
            if (report.batchId() == null) {
                // nothing new: the store rolled back, the job's DONE with it
                markDone(job.id, report);
            }
        } catch (IndicatorsRejectedException e) {
            settle(job.id, job.batchId, new Problem(e.getMessage(), e.errors(), e.errorCount()), null);
        } catch (ImportsBusyException e) {
            settle(job.id, job.batchId, new Problem(job.cancelled ? shutDown() : e.getMessage(), List.of(), 0), null);
        } catch (RuntimeException e) {
            if (!job.cancelled) {
                log.error("Import job {} failed", job.id, e);
            }
            settle(job.id, job.batchId, new Problem(job.cancelled ? shutDown()
                    : "the import failed on the server; nothing of the file was stored", List.of(), 0), null);
        } finally {
            forget(job);
        }
    }

    private static String shutDown() {
        return "the server shut down before the import finished; nothing of the file was stored, send it again";
    }

    private void forget(Job job) {
        jobs.remove(job.id);
        spool.remove(job.file);
    }

    private int markDone(String id, ImportReport report) {
        return jdbc.update("UPDATE import_job SET status = 'DONE', rows_read = ?, accepted = ?, duplicates = ?, skipped = ?,"
                        + " batch_id = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'RUNNING'", report.rows(),
                report.accepted(), report.duplicates(), JSON.writeValueAsString(report.skipped()), report.batchId(), id);
    }

    private void beat(Job job) {
        try {
            own.executeWithoutResult(s -> jdbc.update("UPDATE import_job SET rows_read = ?, accepted = ?, heartbeat_at = CURRENT_TIMESTAMP,"
                    + " updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'RUNNING'", job.checked, job.stored, job.id));
            job.lastWrite = System.nanoTime();
        } catch (RuntimeException e) {
            // the import goes on; if beats stay away past jobStaleAfter, the job is settled from the store
            log.warn("Heartbeat of import job {} not written", job.id, e);
        }
    }

    /**
     * Gives a job that is no longer running its final state from the store: {@code DONE} with the
     * batch's report if its batch landed, otherwise {@code FAILED} with {@code problem} and no rows
     * accepted (the rows its last beat counted were rolled back). Only a
     * {@code RUNNING} row changes, and with {@code staleBefore} only one whose heartbeat is older, so
     * a verdict never overrides a worker that landed meanwhile, nor one that is beating again.
     */
    private void settle(String id, String batchId, Problem problem, Timestamp staleBefore) {
        own.executeWithoutResult(s -> {
            Optional<ImportReport> landed = batchId == null ? Optional.empty() : repository.findBatch(batchId);
            if (landed.isPresent()) {
                if (markDone(id, landed.get()) > 0) {
                    log.info("Import job {} settled as DONE: its batch {} is stored", id, batchId);
                }
                return;
            }
            int changed = staleBefore == null
                    ? jdbc.update("UPDATE import_job SET status = 'FAILED', accepted = 0, problem = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE id = ? AND status = 'RUNNING'", JSON.writeValueAsString(problem), id)
                    : jdbc.update("UPDATE import_job SET status = 'FAILED', accepted = 0, problem = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE id = ? AND status = 'RUNNING' AND heartbeat_at < ?", JSON.writeValueAsString(problem), id, staleBefore);
            if (changed > 0 && staleBefore != null) {
                log.warn("Import job {} settled as FAILED: its process stopped beating and its batch is not stored", id);
            }
        });
    }

    /** Settles the running jobs of other processes whose heartbeat stopped. */
    void settleStale() {
        Timestamp cutoff = staleCutoff();
        var stale = jdbc.query("SELECT id, batch_id FROM import_job WHERE status = 'RUNNING' AND heartbeat_at < ?", (rs, n) ->
                Map.entry(rs.getString("id"), Optional.ofNullable(rs.getString("batch_id"))), cutoff).stream()
                .filter(job -> !jobs.containsKey(job.getKey())).toList();
        stale.forEach(job -> settle(job.getKey(), job.getValue().orElse(null), GONE, cutoff));
        if (!stale.isEmpty()) {
            // a process that stopped beating may have left its spooled upload here (a shared spool root)
            spool.sweep();
        }
    }

    /** The database's clock, so that replicas with clocks apart agree on which heartbeat is stale. */
    private Timestamp staleCutoff() {
        Timestamp now = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class);
        return Timestamp.from(now.toInstant().minus(staleAfter));
    }

    public Optional<ImportJob> find(String id) {
        Optional<Row> row = load(id);
        if (row.isPresent() && row.get().stale(staleAfter) && !jobs.containsKey(id)) {
            settle(id, row.get().batchId(), GONE, Timestamp.from(row.get().dbNow().minus(staleAfter)));
            row = load(id);
        }
        return row.map(Row::job);
    }

    private record Row(ImportJob job, String batchId, Instant heartbeat, Instant dbNow) {
        boolean stale(Duration after) {
            return job.status().equals("RUNNING") && heartbeat.isBefore(dbNow.minus(after));
        }
    }

    private Optional<Row> load(String id) {
        return jdbc.query("SELECT j.*, CURRENT_TIMESTAMP AS db_now FROM import_job j WHERE j.id = ?", (rs, n) -> {
            String status = rs.getString("status");
            Problem problem = rs.getString("problem") == null ? null : JSON.readValue(rs.getString("problem"), Problem.class);
            boolean done = status.equals("DONE");
            Map<String, Long> skipped = !done || rs.getString("skipped") == null ? null
                    : JSON.readValue(rs.getString("skipped"), new TypeReference<Map<String, Long>>() { });
            ImportJob job = new ImportJob(rs.getString("id"), status, rs.getString("format"), rs.getString("file_name"),
                    rs.getLong("rows_read"), done ? rs.getLong("rows_read") : null, rs.getLong("accepted"),
                    done ? rs.getLong("duplicates") : null, skipped, done ? rs.getString("batch_id") : null,
                    problem == null || problem.errors().isEmpty() ? null : problem.errors(),
                    problem == null || problem.errorCount() == 0 ? null : problem.errorCount(),
                    problem == null ? null : problem.message());
            Timestamp beat = rs.getTimestamp("heartbeat_at");
            return new Row(job, rs.getString("batch_id"), beat == null ? rs.getTimestamp("updated_at").toInstant() : beat.toInstant(),
                    rs.getTimestamp("db_now").toInstant());
        }, id).stream().findFirst();
    }

    /** Beats for this replica's jobs, settles other processes' stale ones, sweeps the spool. */
    @Override
    public void start() {
        running = true;
        beats.scheduleWithFixedDelay(() -> jobs.values().forEach(this::beat), 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        beats.scheduleWithFixedDelay(() -> quietly("settle stale import jobs", this::settleStale), 0, heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        beats.scheduleWithFixedDelay(() -> quietly("sweep the spool", spool::sweep), SWEEPS.toMillis(), SWEEPS.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void quietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (org.mandala.system.SchedulingConfiguration.databaseDown(e)) {
                log.warn("Could not {} now, the database is unreachable: {}; trying again later", what, e.getMessage());
            } else {
                log.warn("Could not {} now; trying again later", what, e);
            }
        }
    }

    /**
     * Takes no new jobs, lets queued and running ones finish within the grace period, then stops
     * the rest: they roll back and are reported {@code FAILED} with nothing stored.
     */
    @Override
    public void stop() {
        accepting = false;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // no interrupt: it could close H2's file under other sessions. A job checking, storing or
                // waiting for its turn stops within moments, queued ones at once; one waiting on another
                // replica's lock is rolled back by this process's exit and settled by the next replica to look.
                jobs.values().forEach(j -> j.cancelled = true);
                if (!workers.awaitTermination(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Import jobs {} did not stop in time; once this process is gone another replica settles them",
                            jobs.keySet());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beats.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server's graceful shutdown, so that requests in flight can still start their jobs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
