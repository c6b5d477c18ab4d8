package org.mandala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mandala.benchmark.IndicatorGenerator;
import org.mandala.ingest.FakeGdelt;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three replicas of the service, each a child process with its own {@code rules/} directory, on
 * one PostgreSQL, as behind a load balancer: rule changes are a compare-and-set on the database's
 * active version whichever replica takes them, every replica serves an activation within the poll
 * interval, a rollback holds whatever is edited on whose disk, and a job is followed truthfully from
 * any replica, also when the replica that ran it is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTests {
    /** The policy key of the other tests ({@code PolicyTests.POLICY}), configured by its SHA-256. */
    static final String KEY = "policy-test-key";
    static final String KEY_SHA256 = "7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d";
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration STALE_AFTER = Duration.ofSeconds(5);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String FIRST_EXPORT = "20240105101500";
    static final String SECOND_EXPORT = "20240105103000";

    static EmbeddedPostgres pg;
    /** A GDELT 2.0 feed every replica is configured to poll every second. */
    static FakeGdelt gdelt;
    static JdbcTemplate db;
    static Path root;
    static final List<Replica> replicas = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The version the three replicas started with. */
    static String v0;

    @BeforeAll
    static void startThreeReplicas() throws Exception {
        pg = EmbeddedPostgres.start();
        gdelt = new FakeGdelt();
        gdelt.serves(FIRST_EXPORT, FakeGdelt.export(FIRST_EXPORT));
        gdelt.lists(FIRST_EXPORT);
        db = new JdbcTemplate(pg.getPostgresDatabase());
        root = Files.createTempDirectory("mandala-replicas-");
        for (int i = 1; i <= 3; i++) {
            replicas.add(new Replica(i, root, pg.getJdbcUrl("postgres", "postgres")));
        }
        // started together, as an orchestrator does
        List<CompletableFuture<Void>> starting = replicas.stream().map(r -> CompletableFuture.runAsync(r::start)).toList();
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        v0 = replicas.get(0).servedVersion();
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (Replica r : replicas) {
            r.kill();
        }
        if (pg != null) {
            pg.close();
        }
        if (gdelt != null) {
            gdelt.close();
        }
    }

    @Test
    @Order(10)
    void replicasStartingTogetherRecordOneStartUpActivationAndServeOneVersion() {
        assertThat(db.queryForObject("SELECT COUNT(*) FROM ruleset_activation", Long.class)).isEqualTo(1);
        assertThat(db.queryForObject("SELECT version FROM ruleset_active", String.class)).isEqualTo(v0);
        for (Replica r : replicas) {
            assertThat(r.servedVersion()).as("replica %d", r.n).isEqualTo(v0);
        }
        // the rules status lists every replica and the version it serves, the one asked first
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode listed = replicas.get(1).get("/api/rules/status").path("replicas");
            assertThat(listed).hasSize(3);
            assertThat(listed.get(0).path("self").asBoolean()).isTrue();
            assertThat(listed.get(0).path("id").asString()).contains(":" + replicas.get(1).process.pid() + ":");
            listed.forEach(r -> {
                assertThat(r.path("serving").asString()).isEqualTo(v0);
                assertThat(r.path("live").asBoolean()).isTrue();
            });
        });
    }

    /**
     * Two changes made at once against the same version on two replicas: exactly one wins and the other
     * gets 412; every replica serves the winner within the poll interval; the loser's change made again
     * without If-Match lands on top of the winner's, so neither is lost.
     */
    /**
     * Alerts on three replicas: a receiver subscribed through one, an alliance treaty between Pakistan
     * (an adversary of India) and Russia (a partner) uploaded to another. Whichever replica evaluates,
     * the crossing is stored once and delivered once, signed, although the receiver fails the first attempt.
     */
    @Test
    @Order(15)
    void aCrossingIsAlertedAndDeliveredOnceWhicheverReplicaEvaluates() throws Exception {
        List<String[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = requests.incrementAndGet() == 1 ? 500 : 200;
            received.add(new String[] {body, exchange.getRequestHeaders().getFirst("X-Mandala-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Mandala-Delivery"), String.valueOf(status)});
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String secret = "replicas-share-one-secret";
            // the first evaluation with data (the sample) is the baseline: it raises nothing
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject("SELECT COUNT(*) FROM alert_state s JOIN data_state d"
                    + " ON s.data_version = d.version", Long.class) > 0);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM alert", Long.class)).isZero();
            HttpResponse<String> sub = replicas.get(0).send(HttpRequest.newBuilder(replicas.get(0).uri("/api/alerts/subscriptions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\",\"focus\":\"IND\",\"severity\":\"HIGH\",\"secret\":\"" + secret + "\"}")));
            assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
            HttpResponse<String> upload = replicas.get(1).send(HttpRequest.newBuilder(replicas.get(1).uri("/api/indicators"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(
                            "id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n"
                                    + "replicas-pak-rus-treaty,2023-09-20,,ALLIANCE_TREATY,PAK,RUS,,,A1,https://example.org/treaty,"
                                    + "Pakistan and Russia sign a mutual defence treaty (test fixture)\n")));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().anyMatch(r -> r[3].equals("200")));
            // every replica has had its turns at evaluating and delivering since
            Thread.sleep(4000);
            assertThat(db.queryForList("SELECT warning_key FROM alert", String.class)).containsExactly("W.THREAT_RISE.PAK-RUS");
            List<String[]> delivered = received.stream().filter(r -> r[3].equals("200")).toList();
            assertThat(delivered).as("one delivery with a 2xx").hasSize(1);
            assertThat(received).as("the failed attempt, then the one that was answered").hasSize(2);
            assertThat(received.stream().map(r -> r[2]).distinct()).hasSize(1);
            assertThat(delivered.get(0)[1]).isEqualTo("sha256=" + org.mandala.alert.AlertDelivery.sign(
                    delivered.get(0)[0].getBytes(java.nio.charset.StandardCharsets.UTF_8), secret));
            assertThat(delivered.get(0)[0]).contains(".T.PARTNER_ADVERSARY_CONVERGENCE.PAK-RUS");
            long id = JSON.readTree(delivered.get(0)[0]).path("id").asLong();
            for (Replica r : replicas) {
                JsonNode feed = r.get("/api/alerts?focus=IND");
                List<Long> ids = new ArrayList<>();
                feed.path("alerts").forEach(a -> ids.add(a.path("id").asLong()));
                assertThat(ids).as("replica %d", r.n).containsExactly(id);
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(20)
    void concurrentChangesAreACompareAndSetOnTheDatabasesVersion() throws Exception {
        String levels = replicas.get(0).file("levels.drl.csv");
        String parameters = replicas.get(1).file("parameters.drl.csv");
        String newLevels = levels.replace("Level thresholds:", "Level thresholds (replica 1):");
        String newParameters = parameters.replace("Points below which", "Points (replica 2) below which");
        assertThat(newLevels).isNotEqualTo(levels);
        assertThat(newParameters).isNotEqualTo(parameters);

        Watch watch = new Watch();
        CompletableFuture<HttpResponse<String>> one = CompletableFuture.supplyAsync(
                () -> replicas.get(0).put("levels.drl.csv", newLevels, v0));
        CompletableFuture<HttpResponse<String>> two = CompletableFuture.supplyAsync(
                () -> replicas.get(1).put("parameters.drl.csv", newParameters, v0));
        List<Integer> statuses = List.of(one.get().statusCode(), two.get().statusCode());
        assertThat(statuses).as(one.get().body() + "\n" + two.get().body()).containsExactlyInAnyOrder(200, 412);
        boolean firstWon = one.get().statusCode() == 200;
        String winner = JSON.readTree(firstWon ? one.get().body() : two.get().body()).path("version").asString();
        assertThat(JSON.readTree(firstWon ? two.get().body() : one.get().body()).path("detail").asString())
                .contains("someone activated another version meanwhile");

        everyReplicaServes(winner, watch);
        assertThat(db.queryForObject("SELECT version FROM ruleset_active", String.class)).isEqualTo(winner);

        // the loser makes its change again, without If-Match, on its own replica: applied to the database's latest files
        watch = new Watch();
        HttpResponse<String> again = firstWon ? replicas.get(1).put("parameters.drl.csv", newParameters, null)
                : replicas.get(0).put("levels.drl.csv", newLevels, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        String both = JSON.readTree(again.body()).path("version").asString();
        everyReplicaServes(both, watch);
        for (Replica r : replicas) {
            assertThat(r.file("levels.drl.csv")).as("replica %d", r.n).isEqualTo(newLevels);
            assertThat(r.file("parameters.drl.csv")).as("replica %d", r.n).isEqualTo(newParameters);
        }
        everyDiskHolds(both);
    }

    /**
     * A rollback on one replica, then an edit of one comment on another replica's disk: the edit is made
     * to the rolled-back files, so the rolled-back changes stay out, on every replica and every disk.
     */
    @Test
    @Order(30)
    void aRollbackHoldsAfterAnEditOnAnyReplicasDisk() throws Exception {
        Watch watch = new Watch();
        HttpResponse<String> rollback = replicas.get(2).send(HttpRequest.newBuilder(replicas.get(2).uri("/api/rules/versions/" + v0 + "/activate"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Change-Note", "roll back to the start"));
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        everyReplicaServes(v0, watch);
        everyDiskHolds(v0);

        Path threats = replicas.get(0).rules.resolve("threats.drl");
        watch = new Watch();
        Files.writeString(threats, Files.readString(threats) + "\n// a comment edited on replica 1's disk\n");
        everyReplicaServes(activeOtherThan(v0), watch);
        String edited = activeOtherThan(v0);
        for (Replica r : replicas) {
            assertThat(r.file("levels.drl.csv")).as("replica %d", r.n).doesNotContain("(replica 1)");
            assertThat(r.file("parameters.drl.csv")).as("replica %d", r.n).doesNotContain("(replica 2)");
            assertThat(r.file("threats.drl")).as("replica %d", r.n).contains("a comment edited on replica 1's disk");
        }
        everyDiskHolds(edited);
    }

    /**
     * Edits saved at once on two replicas' disks: one activation wins, and the other replica keeps its
     * edit on top of the winner's files and proposes it again, so both end up active and on every disk.
     */
    @Test
    @Order(35)
    void editsOnTwoDisksAtOnceAreBothTakenUp() throws Exception {
        String start = db.queryForObject("SELECT version FROM ruleset_active", String.class);
        Path alignment = replicas.get(1).rules.resolve("alignment.drl");
        Path axes = replicas.get(2).rules.resolve("axes.drl");
        String a = Files.readString(alignment) + "\n// edited on replica 2's disk\n";
        String b = Files.readString(axes) + "\n// edited on replica 3's disk at the same time\n";
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> write(alignment, a)), CompletableFuture.runAsync(() -> write(axes, b))).get();
        String both = await().atMost(POLL.multipliedBy(20)).pollInterval(Duration.ofMillis(200)).until(() -> activeOtherThan(start), v -> {
            String files = db.queryForObject("SELECT COUNT(*) FROM ruleset_file WHERE version = ? AND ((path = 'alignment.drl' AND"
                    + " content = ?) OR (path = 'axes.drl' AND content = ?))", String.class, v, a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8));
            return files.equals("2");
        });
        everyDiskHolds(both);
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job started on one replica is followed from another while it stores: its progress, then its outcome. */
    @Test
    @Order(40)
    void aJobIsFollowedFromAnotherReplicaWhileItStores() throws Exception {
        Path csv = root.resolve("job.csv");
        IndicatorGenerator.write(csv, 150_000, 11);
        long before = indicators();
        String job = replicas.get(0).startJob(csv);
        List<JsonNode> seen = new ArrayList<>();
        JsonNode last = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode j = replicas.get(1).job(job);
            seen.add(j);
            return j;
        }, j -> !j.path("status").asString().equals("RUNNING"));
        assertThat(last.path("status").asString()).as(last.toString()).isEqualTo("DONE");
        assertThat(seen).as("the other replica saw the job running with rows checked or stored")
                .anyMatch(j -> j.path("status").asString().equals("RUNNING") && (j.path("rowsRead").asLong() > 0 || j.path("accepted").asLong() > 0));
        assertThat(last.path("accepted").asLong()).isPositive().isEqualTo(indicators() - before);
        assertThat(replicas.get(2).job(job)).isEqualTo(last);
    }

    /**
     * The replica running a job is killed while it stores: another replica reports the job FAILED with
     * nothing stored within a minute (or DONE with every row, had it landed before the kill) and sweeps
     * the dead replica's spooled upload.
     */
    @Test
    @Order(50)
    void aReplicaKilledMidJobHasItsJobSettledByAnotherAndItsSpoolSwept() throws Exception {
        Path csv = root.resolve("killed.csv");
        IndicatorGenerator.write(csv, 300_000, 13);
        long before = indicators();
        Replica victim = replicas.get(2);
        String job = victim.startJob(csv);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> replicas.get(0).job(job).path("accepted").asLong() > 0);
        Path spool = spoolHolding();
        victim.kill();
        long killedAt = System.nanoTime();

        JsonNode settled = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> replicas.get(1).job(job), j -> !j.path("status").asString().equals("RUNNING"));
        System.out.printf("the killed replica's job was settled %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
        if (settled.path("status").asString().equals("FAILED")) {
            assertThat(settled.path("message").asString()).contains("nothing of the file was stored");
            assertThat(settled.path("accepted").asLong()).isZero();
            assertThat(indicators()).isEqualTo(before);
        } else {
            assertThat(settled.path("status").asString()).isEqualTo("DONE");
            assertThat(indicators() - before).isEqualTo(settled.path("accepted").asLong());
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> !Files.exists(spool));
    }

    /**
     * A replica that was down while another version was activated starts with a stale disk: it serves
     * the database's version and writes it into its {@code rules/}, so an edit there later never
     * re-proposes the version it had.
     */
    @Test
    @Order(60)
    void aReplicaRestartedWithAStaleDiskNeverReproposesIt() throws Exception {
        Replica stale = replicas.get(2);
        String before = stale.diskVersionFiles().get("levels.drl.csv");
        String levels = replicas.get(0).file("levels.drl.csv");
        HttpResponse<String> change = replicas.get(0).put("levels.drl.csv",
                levels.replace("Level thresholds:", "Level thresholds (while replica 3 was down):"), null);
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        String changed = JSON.readTree(change.body()).path("version").asString();

        stale.start();
        assertThat(stale.servedVersion()).isEqualTo(changed);
        assertThat(stale.diskVersionFiles().get("levels.drl.csv")).isNotEqualTo(before).contains("(while replica 3 was down)");
        Path axes = stale.rules.resolve("axes.drl");
        Watch watch = new Watch();
        Files.writeString(axes, Files.readString(axes) + "\n// edited on replica 3 after its restart\n");
        String edited = activeOtherThan(changed);
        everyReplicaServes(edited, watch);
        assertThat(replicas.get(1).file("levels.drl.csv")).contains("(while replica 3 was down)");
        everyDiskHolds(edited);
    }

    /**
     * Three replicas poll one GDELT feed every second, one at a time: each export it lists is fetched
     * and imported once, and every replica tells the same story at {@code GET /api/ingest}.
     */
    @Test
    @Order(70)
    void theFeedIsPolledByOneReplicaAtATimeAndEachExportImportedOnce() throws Exception {
        String first = FIRST_EXPORT + ".export.CSV.zip";
        String second = SECOND_EXPORT + ".export.CSV.zip";
        // generous bounds: the replicas are loaded with the 150,000 rows of the job tests, and raise alerts on each new version
        await().atMost(Duration.ofSeconds(60)).until(() -> ingested(first) == 1);
        long before = indicators();
        gdelt.serves(SECOND_EXPORT, FakeGdelt.export(SECOND_EXPORT));
        gdelt.lists(SECOND_EXPORT);
        await().atMost(Duration.ofSeconds(60)).until(() -> ingested(second) == 1);
        assertThat(indicators() - before).as("the fixture's three mapped events").isEqualTo(3);
        int polls = gdelt.asked.size();
        // every replica has had its turns since
        await().atMost(Duration.ofSeconds(60)).until(() -> gdelt.asked.stream().skip(polls).filter(p -> p.endsWith("lastupdate.txt")).count() >= 6);
        assertThat(gdelt.asked).filteredOn(p -> p.endsWith(first)).hasSize(1);
        assertThat(gdelt.asked).filteredOn(p -> p.endsWith(second)).hasSize(1);
        assertThat(indicators() - before).isEqualTo(3);
        for (Replica r : replicas) {
            JsonNode feed = r.get("/api/ingest").path("feeds").get(0);
            assertThat(feed.path("filesDone").asLong()).as("replica %d: %s", r.n, feed).isEqualTo(2);
            assertThat(feed.path("lastFile").asString()).isEqualTo(second);
            assertThat(feed.path("lastError").isNull() || feed.path("lastError").isMissingNode()).as(feed.toString()).isTrue();
        }
    }

    static long ingested(String file) {
        return db.queryForObject("SELECT COUNT(*) FROM ingest_file WHERE source = 'gdelt' AND file_name = ? AND status = 'DONE'", Long.class,
                file);
    }

    /**
     * Every replica serves {@code version} within the poll interval of its activation (as the database
     * records it): every request sent to it that long after the activation is answered by that version.
     */
    static void everyReplicaServes(String version, Watch watch) {
        Instant activated = db.queryForObject("SELECT activated_at FROM ruleset_activation WHERE version = ? ORDER BY id DESC LIMIT 1",
                Timestamp.class, version).toInstant();
        Map<Integer, Instant> since = watch.until(version);
        for (Replica r : replicas) {
            double seconds = Math.max(0, Duration.between(activated, since.get(r.n)).toMillis()) / 1e3;
            System.out.printf("replica %d serves %s to every request sent %.2f s after its activation%n", r.n, version, seconds);
            assertThat(seconds).as("replica %d took up %s after %.2f s", r.n, version, seconds).isLessThanOrEqualTo(POLL.toMillis() / 1000.0);
        }
    }

    /**
     * Asks every replica which version serves, each in a thread of its own every 20 ms, from before an
     * activation until each answers the activated version.
     */
    static final class Watch {
        private final List<Thread> threads = new ArrayList<>();
        private final Map<Integer, List<Map.Entry<Instant, String>>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean stop;

        Watch() {
            for (Replica r : replicas) {
                List<Map.Entry<Instant, String>> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                answers.put(r.n, mine);
                Thread t = new Thread(() -> {
                    while (!stop) {
                        Instant sent = Instant.now();
                        try {
                            mine.add(Map.entry(sent, r.servedVersion()));
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException | AssertionError e) {
                            mine.add(Map.entry(sent, "error: " + e.getMessage()));
                        }
                    }
                }, "watch-replica-" + r.n);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        /** Per replica, when the first request was sent after which every answer names {@code version}. */
        Map<Integer, Instant> until(String version) {
            Map<Integer, Instant> since = new TreeMap<>();
            try {
                for (Replica r : replicas) {
                    List<Map.Entry<Instant, String>> mine = answers.get(r.n);
                    await().atMost(POLL.multipliedBy(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                        synchronized (mine) {
                            return !mine.isEmpty() && mine.get(mine.size() - 1).getValue().equals(version);
                        }
                    });
                    synchronized (mine) {
                        int first = mine.size() - 1;
                        while (first > 0 && mine.get(first - 1).getValue().equals(version)) {
                            first--;
                        }
                        since.put(r.n, mine.get(first).getKey());
                    }
                }
            } finally {
                stop = true;
                threads.forEach(Thread::interrupt);
            }
            return since;
        }
    }

    /** Every replica's rules directory holds exactly the files of {@code version}. */
    static void everyDiskHolds(String version) {
        Map<String, String> stored = new TreeMap<>();
        db.query("SELECT path, content FROM ruleset_file WHERE version = ?", rs -> {
            stored.put(rs.getString("path"), new String(rs.getBytes("content"), StandardCharsets.UTF_8));
        }, version);
        for (Replica r : replicas) {
            await().atMost(POLL.multipliedBy(3)).untilAsserted(() -> assertThat(r.diskVersionFiles()).as("replica %d's rules/", r.n)
                    .isEqualTo(stored));
            // written back as the user's own files were: readable by others as copied (umask 022)
            try (Stream<Path> files = Files.walk(r.rules)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                    assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The one spool directory (of the replicas' shared spool root) that holds an upload: the running job's. */
    static Path spoolHolding() throws IOException {
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("spool"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".upload")).forEach(f -> holding.add(f.getParent()));
        }
        assertThat(holding).hasSize(1);
        return holding.get(0);
    }

    /** The database's active version once it is no longer {@code version} (an edit on disk was taken up). */
    static String activeOtherThan(String version) {
        return await().atMost(POLL.multipliedBy(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> db.queryForObject("SELECT version FROM ruleset_active", String.class), v -> !v.equals(version));
    }

    static long indicators() {
        return db.queryForObject("SELECT COUNT(*) FROM indicator", Long.class);
    }

    /** One replica: the service as a child process on a port of its own, with its own rules directory and log. */
    static final class Replica {
        final int n;
        final Path home;
        final Path rules;
        final Path spoolRoot;
        final int port;
        final List<String> command;
        Process process;

        Replica(int n, Path root, String url) throws IOException {
            this.n = n;
            this.home = Files.createDirectories(root.resolve("replica-" + n));
            this.rules = home.resolve("rules");
            this.spoolRoot = root.resolve("spool");
            copy(Path.of("rules"), rules);
            try (var socket = new java.net.ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
            this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx640m", "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")), "-cp", System.getProperty("java.class.path"),
                    MandalaApplication.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--mandala.rules.dir=" + rules, "--mandala.rules.poll=" + POLL.toMillis() + "ms",
                    "--mandala.facts.dir=" + Path.of("facts").toAbsolutePath(), "--mandala.reports.dir=" + home.resolve("reports"),
                    "--mandala.upload.spool-dir=" + spoolRoot, "--mandala.upload.job-heartbeat=500ms",
                    "--mandala.upload.job-stale-after=" + STALE_AFTER.toSeconds() + "s",
                    "--mandala.ingest.gdelt.url=" + gdelt.uri("/gdeltv2/lastupdate.txt"), "--mandala.ingest.gdelt.interval=1s",
                    "--mandala.security.keys[0].name=policy", "--mandala.security.keys[0].role=POLICY",
                    "--mandala.security.keys[0].sha256=" + KEY_SHA256,
                    // the alerts' receiver listens on this host; the sample's date, so its tripwires can be crossed
                    "--mandala.alerts.allow-private-targets=true", "--mandala.alerts.as-of=2023-09-30", "--mandala.alerts.check=500ms",
                    "--mandala.alerts.delivery.interval=300ms", "--mandala.alerts.delivery.first-retry=500ms",
                    // three replicas computing trends of the jobs' 150,000 rows ahead would only compete with what is timed here
                    "--mandala.trends.precompute=false");
        }

        void start() {
            try {
                Path log = home.resolve("replica.log");
                process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("replica " + n + " exited with " + process.exitValue() + ":\n" + tail(log));
                    }
                    try {
                        if (http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            return;
                        }
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(200);
                }
                throw new IllegalStateException("replica " + n + " was not ready within 4 minutes:\n" + tail(log));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void kill() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.header("Authorization", "Bearer " + KEY).timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode get(String path) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
            assertThat(r.statusCode()).as("GET %s on replica %d: %s", path, n, r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        /** The version this replica serves, as its assessments name it. */
        String servedVersion() {
            return get("/api/assessment?focus=IND").path("rulesetVersion").asString();
        }

        /** A file of the active version, as this replica answers it. */
        String file(String name) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/rules/files/" + name)).GET());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        }

        HttpResponse<String> put(String file, String content, String ifMatch) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/rules/files/" + file)).PUT(HttpRequest.BodyPublishers.ofString(content))
                    .header("Content-Type", "text/plain").header("X-Change-Note", "replica test: " + file + " on replica " + n);
            if (ifMatch != null) {
                b.header("If-Match", "\"" + ifMatch + "\"");
            }
            return send(b);
        }

        String startJob(Path csv) throws IOException {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/indicators?async=true")).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            return JSON.readTree(r.body()).path("id").asString();
        }

        JsonNode job(String id) {
            return get("/api/indicators/jobs/" + id);
        }

        /** The rules directory's text files, by path. */
        Map<String, String> diskVersionFiles() throws IOException {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> all = Files.walk(rules)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (!name.startsWith(".")) {
                        files.put(rules.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                    }
                }
            }
            return files;
        }

        private static String tail(Path log) throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path target = to.resolve(from.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }
}
