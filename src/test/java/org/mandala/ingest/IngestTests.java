package org.mandala.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Continuous ingestion against a temporary drop folder and a local HTTP server standing in for GDELT.
 * The pollers are built here on those and called directly; the service's own pollers have nothing
 * configured, so {@code GET /api/ingest} shows ingestion off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "spring.datasource.url=jdbc:h2:mem:ingest;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class IngestTests {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String HEADER = "id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n";

    @Autowired
    FileImports imports;
    @Autowired
    IngestLog ingestLog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LockProvider locks;
    @Autowired
    DropFolders scheduledFolders;
    @LocalServerPort
    int port;

    @BeforeEach
    void forgetEarlierIngestion() {
        jdbc.update("DELETE FROM ingest_file");
        jdbc.update("DELETE FROM ingest_source");
    }

    long stored() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class);
    }

    static String id() {
        return "ingest-" + java.util.UUID.randomUUID();
    }

    @Nested
    class DropFolder {
        @TempDir
        Path root;
        DropFolders folders;

        @BeforeEach
        void watch() {
            folders = new DropFolders(root, imports, ingestLog);
            folders.poll();
        }

        @Test
        void importsACompleteNativeFileAndMovesItToDoneWithItsReport() throws IOException {
            String id = id();
            Path file = Files.writeString(root.resolve("native/week.csv"),
                    HEADER + id + ",2023-09-13,,SUMMIT_MEETING,RUS,PRK,,,A1,https://example.org/summit,Leaders meet\n");
            long before = stored();
            folders.poll();
            assertThat(file).as("first seen: not yet known to be complete").exists();
            folders.poll();

            assertThat(file).doesNotExist();
            assertThat(root.resolve("native/done/week.csv")).exists();
            JsonNode report = JSON.readTree(Files.readString(root.resolve("native/done/week.csv.report.json")));
            assertThat(report.get("status").asString()).isEqualTo("DONE");
            assertThat(report.get("report").get("accepted").asLong()).isEqualTo(1);
            assertThat(stored()).isEqualTo(before + 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator WHERE id = ?", Long.class, id)).isEqualTo(1);
        }

        @Test
        void neverImportsTheSameFileTwice() throws IOException {
            String csv = HEADER + id() + ",2023-09-13,,SUMMIT_MEETING,RUS,PRK,,,A1,https://example.org/summit,Leaders meet\n";
            Files.writeString(root.resolve("native/a.csv"), csv);
            folders.poll();
            folders.poll();
            long after = stored();
            long batches = jdbc.queryForObject("SELECT COUNT(*) FROM import_batch", Long.class);

            Files.writeString(root.resolve("native/a.csv"), csv);
            folders.poll();
            folders.poll();

            assertThat(stored()).isEqualTo(after);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_batch", Long.class)).isEqualTo(batches);
            assertThat(root.resolve("native/done")).isDirectoryContaining(p -> p.getFileName().toString().endsWith("-a.csv"));
        }

        @Test
        void doesNotImportAFileWhileItIsStillBeingWritten() throws IOException {
            String id = id();
            Path file = root.resolve("native/growing.csv");
            Files.writeString(file, HEADER);
            long before = stored();
            folders.poll();
            Files.writeString(file, HEADER + id + ",2023-09-13,,SUMMIT_MEETING,RUS,PRK,,,A1,https://example.org/s,half");
            folders.poll();
            assertThat(file).exists();
            assertThat(stored()).isEqualTo(before);

            Files.writeString(file, HEADER + id + ",2023-09-13,,SUMMIT_MEETING,RUS,PRK,,,A1,https://example.org/s,whole\n");
            folders.poll();
            assertThat(file).as("changed since the previous look").exists();
            folders.poll();
            assertThat(file).doesNotExist();
            assertThat(stored()).isEqualTo(before + 1);
        }

        @Test
        void leavesHiddenAndTemporaryNamesAlone() throws IOException {
            Files.writeString(root.resolve("native/.week.csv"), HEADER);
            Files.writeString(root.resolve("native/week.csv.part"), HEADER);
            folders.poll();
            folders.poll();
            assertThat(root.resolve("native/.week.csv")).exists();
            assertThat(root.resolve("native/week.csv.part")).exists();
        }

        @Nested
        class WhenAFileIsRefused {
            @Test
            void itGoesToFailedWithItsLineErrorsAndNothingIsStored() throws IOException {
                String ok = id();
                Files.writeString(root.resolve("native/bad.csv"), HEADER
                        + ok + ",2023-09-13,,SUMMIT_MEETING,RUS,PRK,,,A1,https://example.org/s,fine\n"
                        + id() + ",2023-09-14,,NO_SUCH_TYPE,RUS,PRK,,,A1,https://example.org/s,bad\n");
                long before = stored();
                folders.poll();
                folders.poll();

                assertThat(root.resolve("native/failed/bad.csv")).exists();
                JsonNode report = JSON.readTree(Files.readString(root.resolve("native/failed/bad.csv.report.json")));
                assertThat(report.get("status").asString()).isEqualTo("FAILED");
                assertThat(report.get("errors").get(0).get("line").asInt()).isEqualTo(3);
                assertThat(stored()).isEqualTo(before);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator WHERE id = ?", Long.class, ok)).isZero();
                IngestLog.Summary summary = ingestLog.summary(DropFolders.source("native"));
                assertThat(summary.failed()).isEqualTo(1);
                assertThat(summary.lastError()).contains("bad.csv");
            }
        }
    }

    @Nested
    class Feed {
        static final String STAMP = "20240105101500";
        FakeGdelt gdelt;
        GdeltFeed feed;

        @BeforeEach
        void start() throws IOException {
            gdelt = new FakeGdelt();
            feed = new GdeltFeed(new IngestProperties.Gdelt(gdelt.uri("/gdeltv2/lastupdate.txt"), Duration.ofMinutes(15),
                    Duration.ofSeconds(1), 8, DataSize.ofMegabytes(1)), imports, ingestLog);
        }

        @AfterEach
        void stop() {
            gdelt.close();
        }

        @Test
        void importsTheListedExportOnce() throws IOException {
            gdelt.lists(STAMP);
            gdelt.serves(STAMP, FakeGdelt.export(STAMP));
            long before = stored();
            feed.poll();
            long after = stored();
            assertThat(after).as("the fixture's three mapped events").isEqualTo(before + 3);
            assertThat(ingestLog.status(GdeltFeed.SOURCE, STAMP + ".export.CSV.zip")).contains("DONE");

            feed.poll();
            assertThat(stored()).isEqualTo(after);
            assertThat(gdelt.asked).filteredOn(p -> p.endsWith(".zip")).hasSize(1);
            IngestLog.Summary summary = ingestLog.summary(GdeltFeed.SOURCE);
            assertThat(summary.lastError()).isNull();
            assertThat(summary.lastFile()).isEqualTo(STAMP + ".export.CSV.zip");
            assertThat(summary.done()).isEqualTo(1);
        }

        @Test
        void catchesUpTheIntervalsMissedSinceTheLastFileRecorded() throws IOException {
            gdelt.lists(STAMP);
            gdelt.serves(STAMP, FakeGdelt.export(STAMP));
            feed.poll();
            long before = stored();
            for (String stamp : List.of("20240105103000", "20240105104500", "20240105110000")) {
                gdelt.serves(stamp, FakeGdelt.export(stamp));
            }
            gdelt.lists("20240105110000");
            feed.poll();

            assertThat(stored()).isEqualTo(before + 9);
            assertThat(gdelt.asked).filteredOn(p -> p.endsWith(".zip")).containsExactly("/gdeltv2/" + STAMP + ".export.CSV.zip",
                    "/gdeltv2/20240105103000.export.CSV.zip", "/gdeltv2/20240105104500.export.CSV.zip",
                    "/gdeltv2/20240105110000.export.CSV.zip");
        }

        @Nested
        class WhenTheFeedMisbehaves {
            @Test
            void aGarbageZipStoresNothingSetsTheLastErrorAndIsRetried() throws Exception {
                gdelt.lists(STAMP);
                gdelt.serves(STAMP, "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8));
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.status(GdeltFeed.SOURCE, STAMP + ".export.CSV.zip")).isEmpty();
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("not a readable zip");
                JsonNode shown = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/ingest")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(shown.get("feeds").get(0).get("lastError").asString()).contains("not a readable zip");

                gdelt.serves(STAMP, FakeGdelt.export(STAMP));
                feed.poll();
                assertThat(stored()).isEqualTo(before + 3);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).isNull();
            }

            @Test
            void garbageForLastUpdateStoresNothingAndSaysSo() {
                gdelt.files.put("/gdeltv2/lastupdate.txt", "not the list".getBytes(StandardCharsets.UTF_8));
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("lists no export file");
            }

            @Test
            void aTimeOutStoresNothingSetsTheLastErrorAndIsRetried() throws IOException {
                gdelt.lists(STAMP);
                gdelt.serves(STAMP, FakeGdelt.export(STAMP));
                CountDownLatch latch = new CountDownLatch(1);
                gdelt.stall.set(latch);
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("timed out");
                assertThat(ingestLog.status(GdeltFeed.SOURCE, STAMP + ".export.CSV.zip")).isEmpty();

                latch.countDown();
                gdelt.stall.set(null);
                feed.poll();
                assertThat(stored()).isEqualTo(before + 3);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).isNull();
            }

            @Test
            void aDownloadWhoseMd5DiffersFromTheListingStoresNothing() throws IOException {
                gdelt.lists(STAMP);
                gdelt.serves(STAMP, FakeGdelt.export(STAMP));
                gdelt.md5Listed = "00000000000000000000000000000000";
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("MD5");
                assertThat(ingestLog.status(GdeltFeed.SOURCE, STAMP + ".export.CSV.zip")).isEmpty();
            }

            @Test
            void aDownloadThatStallsMidwayStoresNothingAndIsRetried() throws IOException {
                gdelt.lists(STAMP);
                gdelt.serves(STAMP, FakeGdelt.export(STAMP));
                CountDownLatch latch = new CountDownLatch(1);
                gdelt.stallBody.set(latch);
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("did not finish");

                gdelt.stallBody.set(null);
                latch.countDown();
                feed.poll();
                assertThat(stored()).isEqualTo(before + 3);
            }

            @Test
            void aZipUnzippingOverTheLimitIsRefusedAndStoresNothing() throws IOException {
                gdelt.lists(STAMP);
                gdelt.serves(STAMP, FakeGdelt.zip(STAMP + ".export.CSV", new byte[2 * 1024 * 1024]));
                long before = stored();
                feed.poll();
                assertThat(stored()).isEqualTo(before);
                assertThat(ingestLog.summary(GdeltFeed.SOURCE).lastError()).contains("max-file-size");
            }
        }
    }

    @Test
    void withNothingConfiguredTheApiShowsIngestionOff() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/ingest")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("enabled").asBoolean()).isFalse();
        assertThat(body.get("feeds").get(0).get("enabled").asBoolean()).isFalse();
        assertThat(body.get("feeds").get(0).get("interval").asString()).isEqualTo("PT15M");
        assertThat(body.get("folders")).hasSize(4);
        assertThat(body.get("folders").get(0).get("enabled").asBoolean()).isFalse();
    }

    @Test
    void onlyOneReplicaAtATimeHoldsAPollersLock() {
        LockConfiguration lock = new LockConfiguration(Instant.now(), "ingest-test", Duration.ofMinutes(1), Duration.ZERO);
        java.util.Optional<SimpleLock> first = locks.lock(lock);
        assertThat(first).isPresent();
        assertThat(locks.lock(lock)).as("held by the first").isEmpty();
        first.get().unlock();
        assertThat(locks.lock(lock)).isPresent();
        assertThat(org.springframework.aop.support.AopUtils.isAopProxy(scheduledFolders)).as("the poller runs under its lock").isTrue();
    }
}
