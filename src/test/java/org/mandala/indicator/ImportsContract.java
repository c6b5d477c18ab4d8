package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mandala.benchmark.IndicatorGenerator;

/**
 * What imports promise beyond storage, on each database: concurrent uploads take turns rather
 * than fail, and jobs report what the store holds.
 */
abstract class ImportsContract extends StorageContract {
    private final List<ImportJobs> started = new ArrayList<>();

    @AfterEach
    void stopJobs() {
        started.forEach(ImportJobs::stop);
    }

    /** A native file of {@code unique} rows of its own and {@code shared} rows every such file has. */
    private static String csv(String name, int unique, int shared) {
        StringBuilder csv = new StringBuilder("id,date,type,actor,target\n");
        for (int i = 0; i < shared; i++) {
            csv.append("shared-").append(i).append(",2023-09-13,SUMMIT_MEETING,RUS,PRK\n");
        }
        for (int i = 0; i < unique; i++) {
            csv.append(name).append('-').append(i).append(",2023-09-14,SUMMIT_MEETING,RUS,PRK\n");
        }
        return csv.toString();
    }

    private static InputStream stream(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eightConcurrentUploadersAllLandAndEveryRowIsStoredOnce() throws Exception {
        int uploaders = 8;
        int filesEach = 2;
        ExecutorService pool = Executors.newFixedThreadPool(uploaders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ImportReport>> reports = new ArrayList<>();
        try {
            for (int u = 0; u < uploaders; u++) {
                for (int f = 0; f < filesEach; f++) {
                    String name = "u" + u + "f" + f;
                    reports.add(pool.submit(() -> {
                        go.await();
                        return importer.importNative(stream(csv(name, 400, 100)), name);
                    }));
                }
            }
            go.countDown();
            long accepted = 0;
            long seen = 0;
            for (Future<ImportReport> report : reports) {
                ImportReport r = report.get(2, TimeUnit.MINUTES);
                accepted += r.accepted();
                seen += r.accepted() + r.duplicates();
            }
            assertThat(seen).isEqualTo(uploaders * filesEach * 500L);
            assertThat(accepted).isEqualTo(repository.count()).isEqualTo(100 + uploaders * filesEach * 400L);
            assertThat(repository.currentVersion()).isEqualTo(uploaders * filesEach);
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT data_version) FROM indicator", Long.class)).isEqualTo(uploaders * filesEach);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUploadThatCannotHaveItsTurnInTimeIsRefusedAsBusyWithNothingStored() throws Exception {
        ImportQueue queue = new ImportQueue(Duration.ofMillis(200));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> queue.inTurn(() -> false, wait -> {
            holding.countDown();
            try {
                return release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        other.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        IndicatorImportService impatient = importer(queue);
        try {
            assertThatThrownBy(() -> impatient.importNative(stream(csv("late", 3, 0)), "late.csv"))
                    .isInstanceOfSatisfying(ImportsBusyException.class, e -> {
                        assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                        assertThat(e.getMessage()).contains("nothing of the file was stored");
                    });
        } finally {
            release.countDown();
            other.join();
        }
        assertThat(repository.count()).isZero();
        assertThat(impatient.importNative(stream(csv("again", 3, 0)), "again.csv").accepted()).isEqualTo(3);
    }

    @Test
    void anUploadWaitingPastItsBoundForAnotherReplicasStoreIsRefusedAsBusy() throws Exception {
        try (Connection otherReplica = dataSource.getConnection()) {
            otherReplica.setAutoCommit(false);
            otherReplica.createStatement().executeUpdate("UPDATE data_state SET version = version + 1 WHERE id = 1");
            assertThatThrownBy(() -> importer(Duration.ofMillis(300)).importNative(stream(csv("late", 3, 0)), "late.csv"))
                    .isInstanceOf(ImportsBusyException.class);
            otherReplica.rollback();
        }
        assertThat(repository.count()).isZero();
        assertThat(upload(csv("again", 3, 0)).accepted()).isEqualTo(3);
        assertThat(repository.currentVersion()).isEqualTo(1);
    }

    private ImportJobs jobs(Duration staleAfter, Duration grace) {
        ImportJobs jobs = new ImportJobs(importer, repository, jdbc, transactions, spool, Duration.ofMillis(200), staleAfter, grace);
        jobs.start();
        started.add(jobs);
        return jobs;
    }

    private ImportJob awaitEnd(ImportJobs jobs, String id) {
        await().atMost(Duration.ofMinutes(2)).until(() -> !jobs.find(id).orElseThrow().status().equals("RUNNING"));
        return jobs.find(id).orElseThrow();
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(spool.directory())) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aJobLandsAndReadsDoneWithItsReportAndLeavesNoSpoolFile() throws Exception {
        ImportJobs jobs = jobs(Duration.ofMinutes(1), Duration.ofSeconds(5));
        String id = jobs.start(stream(csv("job", 5, 0)), "job.csv", "native");
        ImportJob done = awaitEnd(jobs, id);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.accepted()).isEqualTo(5);
        assertThat(done.rows()).isEqualTo(5);
        assertThat(repository.findBatch(done.batchId())).isPresent();
        assertThat(repository.count()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> spooled().isEmpty());
    }

    @Test
    void aJobsAcceptedRowsAreVisibleFromAnotherConnectionWhileItStores() throws Exception {
        Path file = spoolRoot.resolve("big.csv");
        IndicatorGenerator.write(file, 50_000, 7);
        ImportJobs jobs = jobs(Duration.ofMinutes(1), Duration.ofSeconds(5));
        String id;
        // another transaction holds a row the file has near its end, so the store pauses there
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement("INSERT INTO indicator (id, event_date, type, actor, target, grade,"
                    + " data_version) VALUES ('gen-7-45000', DATE '2020-01-01', 'SUMMIT_MEETING', 'RUS', 'PRK', 'A1', 0)")) {
                ps.executeUpdate();
            }
            try (InputStream in = Files.newInputStream(file)) {
                id = jobs.start(in, "big.csv", "native");
            }
            await().atMost(Duration.ofMinutes(1)).until(() ->
                    jdbc.queryForObject("SELECT accepted FROM import_job WHERE id = ?", Long.class, id) > 0);
            assertThat(jobs.find(id).orElseThrow()).satisfies(j -> {
                assertThat(j.status()).isEqualTo("RUNNING");
                assertThat(j.rowsRead()).isEqualTo(50_000);
                assertThat(j.accepted()).isPositive().isLessThan(50_000);
            });
            blocker.rollback();
        }
        ImportJob done = awaitEnd(jobs, id);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.accepted()).isEqualTo(50_000);
    }

    private void insertRunningJob(String id, String batchId, Instant heartbeat) {
        Timestamp at = Timestamp.from(heartbeat);
        jdbc.update("INSERT INTO import_job (id, status, format, file_name, rows_read, accepted, duplicates, batch_id, owner,"
                + " created_at, updated_at, heartbeat_at) VALUES (?, 'RUNNING', 'native', 'x.csv', 2000, 1000, 0, ?, 'gone', ?, ?, ?)",
                id, batchId, at, at, at);
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM import_job WHERE id = ?", String.class, id);
    }

    @Test
    void aJobWhoseProcessIsGoneButWhoseBatchLandedReadsDone() throws Exception {
        String batchId = UUID.randomUUID().toString();
        insertRunningJob("landed", batchId, Instant.now().minus(Duration.ofMinutes(10)));
        Path file = spoolRoot.resolve("landed.csv");
        Files.writeString(file, csv("landed", 4, 0));
        importer.importFile(file, "landed.csv", "native", batchId, IndicatorImportService.Progress.NONE);

        ImportJob job = jobs(Duration.ofMinutes(1), Duration.ofSeconds(5)).find("landed").orElseThrow();
        assertThat(job.status()).isEqualTo("DONE");
        assertThat(job.accepted()).isEqualTo(4);
        assertThat(job.batchId()).isEqualTo(batchId);
        assertThat(job.message()).isNull();
        assertThat(status("landed")).isEqualTo("DONE");
    }

    @Test
    void aJobWhoseHeartbeatStoppedWithoutItsBatchReadsFailedAndNothingOfItIsStored() {
        upload(csv("earlier", 2, 0));
        insertRunningJob("lost", UUID.randomUUID().toString(), Instant.now().minus(Duration.ofMinutes(10)));
        insertRunningJob("unread", UUID.randomUUID().toString(), Instant.now().minus(Duration.ofMinutes(10)));
        insertRunningJob("alive", UUID.randomUUID().toString(), Instant.now());
        ImportJobs jobs = jobs(Duration.ofMinutes(1), Duration.ofSeconds(5));

        ImportJob lost = jobs.find("lost").orElseThrow();
        assertThat(lost.status()).isEqualTo("FAILED");
        assertThat(lost.message()).contains("nothing of the file was stored");
        assertThat(lost.accepted()).isZero();
        assertThat(status("lost")).isEqualTo("FAILED");
        // nobody asks about this one: the periodic check settles it all the same
        await().atMost(Duration.ofSeconds(30)).until(() -> status("unread").equals("FAILED"));
        // beating, if not on this replica: still running
        assertThat(jobs.find("alive").orElseThrow().status()).isEqualTo("RUNNING");
        assertThat(repository.count()).isEqualTo(2);
    }

    @Test
    void onShutdownAJobPastTheGraceIsStoppedAndReadsFailedWithNothingStoredAndNewJobsAreRefused() throws Exception {
        ImportQueue queue = new ImportQueue(Duration.ofMinutes(5));
        importer = importer(queue);
        ImportJobs jobs = jobs(Duration.ofMinutes(1), Duration.ofMillis(300));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> queue.inTurn(() -> false, wait -> {
            holding.countDown();
            try {
                return release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        other.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            String id = jobs.start(stream(csv("waiting", 3, 0)), "waiting.csv", "native");
            jobs.stop();
            ImportJob job = jobs.find(id).orElseThrow();
            assertThat(job.status()).isEqualTo("FAILED");
            assertThat(job.message()).contains("shut down").contains("nothing of the file was stored");
            assertThatThrownBy(() -> jobs.start(stream(csv("late", 3, 0)), "late.csv", "native"))
                    .isInstanceOf(ImportsBusyException.class);
        } finally {
            release.countDown();
            other.join();
        }
        assertThat(repository.count()).isZero();
        assertThat(spooled()).isEmpty();
    }
}
