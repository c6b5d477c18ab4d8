package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mandala.rules.RulesetActivated;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * As a policy analyst would: change a threshold, preview it, activate it, roll it back; push a
 * syntax error, a bad decision-table cell and a DRL that calls Runtime, each refused with its place
 * while the service keeps answering; edit on disk; try every write without a key and with the
 * wrong role; activate versions while assessments are requested in parallel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:policy;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.rules.poll=300ms", "mandala.security.public-read=false",
        "mandala.rules.session.timeout=5s", "mandala.rules.session.test-timeout=3s",
        "mandala.security.keys[0].name=viewer", "mandala.security.keys[0].role=VIEWER",
        "mandala.security.keys[0].sha256=fd5827d3c9c7957462436c04f97bc1bad06303584561b9b4e93ea36115cf26d3",
        "mandala.security.keys[1].name=analyst", "mandala.security.keys[1].role=ANALYST",
        "mandala.security.keys[1].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10",
        "mandala.security.keys[2].name=policy-analyst", "mandala.security.keys[2].role=POLICY",
        "mandala.security.keys[2].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
@DirtiesContext
class PolicyTests {
    static final String VIEWER = "viewer-test-key";
    static final String ANALYST = "analyst-test-key";
    static final String POLICY = "policy-test-key";
    static final Path RULES = copyOfRules();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void rulesDir(DynamicPropertyRegistry registry) {
        registry.add("mandala.rules.dir", RULES::toString);
    }

    static Path copyOfRules() {
        try {
            Path dir = Files.createTempDirectory("mandala-rules-");
            try (Stream<Path> files = Files.walk(Path.of("rules"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = dir.resolve(Path.of("rules").relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, VIEWER, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Reads the rules as an ANALYST, the least role that may. */
    JsonNode governance(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, ANALYST, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String pakRus() throws Exception {
        for (JsonNode al : get("/api/assessment?asOf=2023-09-30").get("alignments")) {
            if (al.get("a").asString().equals("PAK") && al.get("b").asString().equals("RUS")) {
                return al.get("level").asString();
            }
        }
        return "NONE";
    }

    static String levels(String strong) throws IOException {
        return Files.readString(Path.of("rules/levels.drl.csv")).replace("Alignment STRONG from 45,STRONG,45,",
                "Alignment STRONG from 45,STRONG," + strong + ",");
    }

    HttpResponse<String> put(String file, String content, String key) throws Exception {
        return send("PUT", "/api/rules/files/" + file, key, content, "Content-Type", "text/plain", "X-Change-Note", "test: " + file);
    }

    @Nested
    class ChangingRules {

        @Test
        void aThresholdChangeIsPreviewedActivatedAndRolledBack() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            assertThat(pakRus()).isEqualTo("MODERATE");

            String candidate = JSON.writeValueAsString(java.util.Map.of("files", java.util.Map.of("levels.drl.csv", levels("35"))));
            HttpResponse<String> preview = send("POST", "/api/rules/preview", POLICY, candidate, "Content-Type", "application/json");
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            JsonNode p = JSON.readTree(preview.body());
            assertThat(p.get("steps")).hasSize(13);
            assertThat(p.get("activeVersion").asString()).isEqualTo(before);
            assertThat(governance("/api/rules").get("activeVersion").asString()).as("a preview activates nothing").isEqualTo(before);

            // at the date the dashboard shows, with the alerts activation would raise: PAK–RUS STRONG makes their convergence HIGH
            String dated = JSON.writeValueAsString(java.util.Map.of("files", java.util.Map.of("levels.drl.csv", levels("35")),
                    "asOf", "2023-09-30"));
            JsonNode atDate = JSON.readTree(send("POST", "/api/rules/preview", POLICY, dated, "Content-Type", "application/json").body());
            assertThat(atDate.get("asOf").asString()).isEqualTo("2023-09-30");
            assertThat(atDate.get("steps").get(0).get("asOf").asString()).isEqualTo("2023-09-30");
            assertThat(atDate.get("warnings").findValuesAsString("key")).contains("W.THREAT_RISE.PAK-RUS");
            assertThat(atDate.get("warnings").findValuesAsString("message")).anyMatch(m -> m.contains("since ruleset " + before));

            HttpResponse<String> put = put("levels.drl.csv", levels("35"), POLICY);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String after = JSON.readTree(put.body()).get("version").asString();
            assertThat(after).isNotEqualTo(before);
            assertThat(pakRus()).isEqualTo("STRONG");
            assertThat(get("/api/assessment?asOf=2023-09-30").get("rulesetVersion").asString()).isEqualTo(after);

            JsonNode versions = governance("/api/rules/versions");
            assertThat(versions.get("activations").get(0).get("author").asString()).isEqualTo("policy-analyst");
            assertThat(versions.get("activations").get(0).get("note").asString()).isEqualTo("test: levels.drl.csv");
            JsonNode diff = governance("/api/rules/versions/" + after + "/diff?against=" + before);
            assertThat(diff.get("files")).singleElement().satisfies(f -> {
                assertThat(f.get("path").asString()).isEqualTo("levels.drl.csv");
                assertThat(f.get("diff").toString()).contains("-Alignment STRONG from 45,STRONG,45,", "+Alignment STRONG from 45,STRONG,35,");
            });

            HttpResponse<String> rollback = send("POST", "/api/rules/versions/" + before + "/activate", POLICY, null,
                    "X-Change-Note", "back to 45");
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            assertThat(pakRus()).isEqualTo("MODERATE");
            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(before);
        }

        @Test
        void brokenEditsAreRefusedWithTheirPlaceWhileTheServiceKeepsAnswering() throws Exception {
            String active = governance("/api/rules").get("activeVersion").asString();

            HttpResponse<String> syntax = put("broken.drl", "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"Broken\"\n"
                    + "    @description(\"broken\")\nwhen\n    Pair( a == )\nthen\nend\n", POLICY);
            assertThat(syntax.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(syntax.body()).get("problems").get(0).get("file").asString()).isEqualTo("broken.drl");
            assertThat(JSON.readTree(syntax.body()).get("problems").get(0).get("line").asInt()).isEqualTo(7);

            String catalogue = Files.readString(Path.of("rules/catalogue.drl.csv")).replace(
                    "Catalogue defines MINISTERIAL_VISIT,MINISTERIAL_VISIT,COOPERATIVE,8,", "Catalogue defines MINISTERIAL_VISIT,MINISTERIAL_VISIT,COOPERATIVE,eight,");
            HttpResponse<String> cell = put("catalogue.drl.csv", catalogue, POLICY);
            assertThat(cell.statusCode()).isEqualTo(422);
            JsonNode cellProblem = JSON.readTree(cell.body()).get("problems").get(0);
            assertThat(cellProblem.get("file").asString()).isEqualTo("catalogue.drl.csv");
            assertThat(cellProblem.get("cell").asString()).isEqualTo("sheet 1, row 26, column D (Weight (points))");

            HttpResponse<String> runtime = put("evil.drl", "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"Evil\"\n"
                    + "    @description(\"evil\")\nwhen\n    Focus()\nthen\n    Runtime.getRuntime().exec(\"touch /tmp/mandala-pwned\");\nend\n", POLICY);
            assertThat(runtime.statusCode()).isEqualTo(422);
            JsonNode runtimeProblem = JSON.readTree(runtime.body()).get("problems").get(0);
            assertThat(runtimeProblem.get("line").asInt()).isEqualTo(9);
            assertThat(runtimeProblem.get("message").asString()).contains("Runtime");

            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(active);
            assertThat(get("/api/assessment?asOf=2023-09-30").get("rulesetVersion").asString()).isEqualTo(active);
            assertThat(governance("/api/rules/status").get("lastReload").get("ok").asBoolean()).isFalse();
        }

        @Test
        void aRollbackIsWrittenBackToDiskAndStaysWhileEditorFilesAreIgnored() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            HttpResponse<String> put = put("levels.drl.csv", levels("42"), POLICY);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(Files.readString(RULES.resolve("levels.drl.csv"))).as("the working copy follows the API").contains("STRONG,42,");
            assertThat(send("POST", "/api/rules/versions/" + before + "/activate", POLICY, null, "X-Change-Note", "back").statusCode())
                    .isEqualTo(200);
            assertThat(Files.readString(RULES.resolve("levels.drl.csv"))).contains("STRONG,45,");
            Files.writeString(RULES.resolve("levels.drl.csv~"), levels("41"));
            Files.writeString(RULES.resolve(".levels.drl.csv.swp"), "editor state");
            try {
                // five polls of the rules directory (mandala.rules.poll=300ms) without a reload
                Awaitility.await("the rollback stays").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> governance("/api/rules").get("activeVersion").asString(), before::equals);
                assertThat(governance("/api/rules/status").get("lastReload").get("source").asString()).isEqualTo("api");
            } finally {
                Files.deleteIfExists(RULES.resolve("levels.drl.csv~"));
                Files.deleteIfExists(RULES.resolve(".levels.drl.csv.swp"));
            }
        }

        @Test
        void aChangeMadeAgainstAVersionNoLongerActiveIsRefused() throws Exception {
            HttpResponse<String> r = send("PUT", "/api/rules/files/levels.drl.csv", POLICY, levels("42"), "Content-Type", "text/plain",
                    "X-Change-Note", "stale", "If-Match", "\"0123456789ab\"");
            assertThat(r.statusCode()).isEqualTo(412);
            assertThat(r.body()).contains("0123456789ab");
        }

        @Test
        void aChangeThatBreaksARuleTestIsRefusedNamingTheScenario() throws Exception {
            // tests/alignment.yaml expects MODERATE of a summit and an exercise, which score 26.8
            String moderateFrom27 = Files.readString(Path.of("rules/levels.drl.csv")).replace("Alignment MODERATE from 25,MODERATE,25,",
                    "Alignment MODERATE from 25,MODERATE,27,");
            HttpResponse<String> r = put("levels.drl.csv", moderateFrom27, POLICY);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.body()).contains("tests/alignment.yaml", "rule test");
            // a preview of the same change still answers, with the failing test in its report, so the analyst can decide
            String candidate = JSON.writeValueAsString(java.util.Map.of("files", java.util.Map.of("levels.drl.csv", moderateFrom27)));
            HttpResponse<String> preview = send("POST", "/api/rules/preview", POLICY, candidate, "Content-Type", "application/json");
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            assertThat(JSON.readTree(preview.body()).get("tests").get("failed").asInt()).isPositive();
        }

        @Test
        void anEditOnDiskIsPickedUpWithoutARestartAndABrokenOneIsReported() throws Exception {
            String active = governance("/api/rules").get("activeVersion").asString();
            Path levels = RULES.resolve("levels.drl.csv");
            String original = Files.readString(levels);
            try {
                Files.writeString(levels, levels("44"));
                String changed = await(() -> governance("/api/rules").get("activeVersion").asString(), v -> !v.equals(active));
                assertThat(governance("/api/rules/status").get("lastReload").get("source").asString()).isEqualTo("disk");

                Files.writeString(RULES.resolve("broken.drl"), "package mandala.rules;\nrule \"Broken\"\nwhen\n  Pair( a == )\nthen\nend\n");
                JsonNode reload = await(() -> governance("/api/rules/status").get("lastReload"), x -> !x.get("ok").asBoolean());
                assertThat(reload.get("problems").get(0).get("file").asString()).isEqualTo("broken.drl");
                assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(changed);
            } finally {
                Files.deleteIfExists(RULES.resolve("broken.drl"));
                Files.writeString(levels, original);
            }
            // back on disk as it was: that stored version is activated again
            await(() -> governance("/api/rules").get("activeVersion").asString(), v -> v.equals(active));
        }

        <T> T await(java.util.concurrent.Callable<T> read, java.util.function.Predicate<T> done) {
            return Awaitility.await("changed within 20 s").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(read, done::test);
        }
    }

    @Nested
    class RunawayRules {
        static final String SPIN = "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"%s\"\n    @description(\"test\")\n"
                + "when\n    Evidence( %s )\nthen\n    while ( true ) { }\nend\n";

        /** Fires on every Antarctic evidence, as its scenario shows, but loops only on evidence towards India. */
        static final String SPIN_TOWARDS_INDIA = "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"Spins on Antarctica\"\n"
                + "    @description(\"test\")\nwhen\n    $e : Evidence( actor == \"ATA\" )\nthen\n"
                + "    while ( $e.getTarget().equals(\"IND\") ) { }\nend\n";
        static final String ANTARCTIC_SUMMIT = "scenarios:\n  - name: An Antarctic summit with Pakistan\n    focus: IND\n    asOf: 2023-09-30\n"
                + "    indicators: |\n      date,until,type,actor,target,grade\n      2023-09-30,,SUMMIT_MEETING,ATA,PAK,A1\n"
                + "    expect:\n      - alignment: ATA,PAK\n";

        @Test
        void aRuleThatLoopsOnlyOnNewDataAnswers503NamingItAndIsRolledBack() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            String change = JSON.writeValueAsString(java.util.Map.of("files",
                    java.util.Map.of("runaway.drl", SPIN_TOWARDS_INDIA, "tests/runaway.yaml", ANTARCTIC_SUMMIT)));
            HttpResponse<String> put = send("POST", "/api/rules/changes", POLICY, change, "Content-Type", "application/json",
                    "X-Change-Note", "test: runaway.drl");
            assertThat(put.statusCode()).as("its rule tests and the stored data never make it loop: %s", put.body()).isEqualTo(200);
            String runaway = JSON.readTree(put.body()).get("version").asString();

            HttpResponse<String> upload = send("POST", "/api/indicators", ANALYST,
                    "date,type,actor,target,grade\n2023-09-01,SUMMIT_MEETING,ATA,IND,B2\n", "Content-Type", "text/csv");
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);

            long start = System.nanoTime();
            HttpResponse<String> stopped = send("GET", "/api/assessment?asOf=2023-09-30", VIEWER, null);
            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(503);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
            assertThat(stopped.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(stopped.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = JSON.readTree(stopped.body());
            assertThat(problem.get("rule").asString()).isEqualTo("Spins on Antarctica");
            assertThat(problem.get("rulesetVersion").asString()).isEqualTo(runaway);

            JsonNode status = governance("/api/rules/status");
            assertThat(status.get("lastBound").get("rule").asString()).isEqualTo("Spins on Antarctica");
            assertThat(status.get("lastBound").get("rolledBackTo").asString()).isEqualTo(before);
            assertThat(status.get("activeVersion").asString()).isEqualTo(before);
            assertThat(get("/api/assessment?asOf=2023-09-30").get("rulesetVersion").asString()).as("the service answers again")
                    .isEqualTo(before);
        }

        @Test
        void aRuleThatLoopsInItsRuleTestsIsRefusedNamingIt() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            HttpResponse<String> put = put("runaway.drl", SPIN.formatted("Spins on summits", "type == \"SUMMIT_MEETING\""), POLICY);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(422);
            assertThat(put.body()).contains("Spins on summits");
            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(before);
            assertThat(get("/api/assessment?asOf=2023-09-30").get("rulesetVersion").asString()).isEqualTo(before);
        }
    }

    @Nested
    class ChangesOfSeveralFiles {
        static final String PATROL_ROW = "Catalogue defines JOINT_PATROL,JOINT_PATROL,COOPERATIVE,15,365,false";
        static final String PATROL_RULE = "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"A joint patrol is noted\"\n"
                + "    @description(\"test: a joint patrol counts like any cooperative indicator\")\nwhen\n"
                + "    Evidence( type == \"JOINT_PATROL\" )\nthen\nend\n";
        static final String PATROL_SCENARIO = "scenarios:\n  - name: A joint patrol with Russia aligns India with it\n    focus: IND\n"
                + "    asOf: 2023-09-30\n    indicators: |\n      date,until,type,actor,target,grade\n"
                + "      2023-09-30,,JOINT_PATROL,IND,RUS,A1\n    expect:\n      - alignment: IND,RUS\n";

        @Autowired
        org.springframework.context.ConfigurableApplicationContext context;

        /** The RulesetActivated events published while it runs, in order. */
        List<RulesetActivated> activations(ThrowingRunnable during) throws Exception {
            List<RulesetActivated> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            ApplicationListener<PayloadApplicationEvent<RulesetActivated>> listener = ApplicationListener.forPayload(heard::add);
            context.addApplicationListener(listener);
            try {
                during.run();
            } finally {
                context.removeApplicationListener(listener);
            }
            return heard;
        }

        interface ThrowingRunnable {
            void run() throws Exception;
        }

        HttpResponse<String> change(String filesJson, String... headers) throws Exception {
            List<String> h = new ArrayList<>(List.of("Content-Type", "application/json", "X-Change-Note", "test: several files"));
            h.addAll(List.of(headers));
            return send("POST", "/api/rules/changes", POLICY, "{\"files\": " + filesJson + "}", h.toArray(String[]::new));
        }

        String catalogueWithPatrol() throws Exception {
            HttpResponse<String> r = send("GET", "/api/rules/files/catalogue.drl.csv", ANALYST, null);
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().stripTrailing() + "\n" + PATROL_ROW + "\n";
        }

        String versionCount() throws Exception {
            return String.valueOf(governance("/api/rules/versions").get("versions").size());
        }

        @Test
        void aCatalogueRowARuleAndItsScenarioActivateAsOneVersion() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            String files = JSON.writeValueAsString(java.util.Map.of("catalogue.drl.csv", catalogueWithPatrol(), "patrol.drl", PATROL_RULE,
                    "tests/patrol.yaml", PATROL_SCENARIO));
            String[] after = {null};
            List<RulesetActivated> heard = activations(() -> {
                HttpResponse<String> r = change(files, "If-Match", "\"" + before + "\"");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                after[0] = JSON.readTree(r.body()).get("version").asString();
            });
            try {
                assertThat(heard).as("one activation, one event").singleElement().satisfies(e -> {
                    assertThat(e.version()).isEqualTo(after[0]);
                    assertThat(e.previousVersion()).isEqualTo(before);
                    assertThat(e.origin()).isEqualTo(RulesetActivated.Origin.API);
                    assertThat(e.author()).isEqualTo("policy-analyst");
                });
                JsonNode versions = governance("/api/rules/versions");
                assertThat(versions.get("activations").get(0).get("version").asString()).isEqualTo(after[0]);
                assertThat(versions.get("activations").get(0).get("note").asString()).isEqualTo("test: several files");
                JsonNode diff = governance("/api/rules/versions/" + after[0] + "/diff?against=" + before);
                assertThat(diff.get("files")).extracting(f -> f.get("path").asString() + " " + f.get("change").asString())
                        .containsExactly("catalogue.drl.csv changed", "patrol.drl added", "tests/patrol.yaml added");
                assertThat(governance("/api/rules").get("rules").toString()).contains("A joint patrol is noted");
                assertThat(RULES.resolve("tests/patrol.yaml")).as("written back as one set").exists();
                assertThat(Files.readString(RULES.resolve("catalogue.drl.csv"))).contains(PATROL_ROW);
            } finally {
                List<RulesetActivated> back = activations(() -> assertThat(send("POST", "/api/rules/versions/" + before + "/activate", POLICY,
                        null, "X-Change-Note", "back").statusCode()).isEqualTo(200));
                assertThat(back).extracting(RulesetActivated::origin).containsExactly(RulesetActivated.Origin.ROLLBACK);
            }
            assertThat(RULES.resolve("patrol.drl")).as("the rollback is written back too").doesNotExist();
        }

        @Test
        void aChangeWithOneBrokenFileIsRefusedWholeAndStoresNothing() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            String count = versionCount();
            String files = JSON.writeValueAsString(java.util.Map.of("levels.drl.csv", levels("35"), "broken.drl",
                    "package mandala.rules;\nrule \"Broken\"\nwhen\n  Pair( a == )\nthen\nend\n"));
            List<RulesetActivated> heard = activations(() -> {
                HttpResponse<String> r = change(files);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(JSON.readTree(r.body()).get("problems").get(0).get("file").asString()).isEqualTo("broken.drl");
            });
            assertThat(heard).isEmpty();
            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(before);
            assertThat(versionCount()).as("nothing stored").isEqualTo(count);
            assertThat(pakRus()).as("the good file of the change is not activated either").isEqualTo("MODERATE");
            assertThat(RULES.resolve("broken.drl")).doesNotExist();
        }

        @Test
        void aFileWhoseContentIsNullIsDeleted() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            try {
                HttpResponse<String> add = change(JSON.writeValueAsString(java.util.Map.of("tests/again.yaml", PolicyTests.RunawayRules.ANTARCTIC_SUMMIT)));
                assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
                assertThat(governance("/api/rules").get("files").toString()).contains("tests/again.yaml");

                HttpResponse<String> delete = change("{\"tests/again.yaml\": null}");
                assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
                assertThat(JSON.readTree(delete.body()).get("version").asString()).as("the same files make the same version").isEqualTo(before);
                assertThat(governance("/api/rules").get("files").toString()).doesNotContain("tests/again.yaml");
                assertThat(RULES.resolve("tests/again.yaml")).doesNotExist();

                HttpResponse<String> missing = change("{\"tests/no-such.yaml\": null}");
                assertThat(missing.statusCode()).isEqualTo(400);
                assertThat(missing.body()).contains("no file tests/no-such.yaml");
            } finally {
                send("POST", "/api/rules/versions/" + before + "/activate", POLICY, null, "X-Change-Note", "back");
            }
        }

        @Test
        void aChangeMadeAgainstAVersionNoLongerActiveIsRefusedWhole() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            String files = JSON.writeValueAsString(java.util.Map.of("levels.drl.csv", levels("35")));
            HttpResponse<String> r = change(files, "If-Match", "\"0123456789ab\"");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(412);
            assertThat(r.body()).contains("0123456789ab", before);
            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(before);
        }

        @Test
        void aChangeNeedsAPolicyKeyAndANote() throws Exception {
            String files = JSON.writeValueAsString(java.util.Map.of("levels.drl.csv", levels("35")));
            for (String key : new String[] {null, VIEWER, ANALYST}) {
                assertThat(send("POST", "/api/rules/changes", key, "{\"files\": " + files + "}", "Content-Type", "application/json",
                        "X-Change-Note", "x").statusCode()).as("as %s", key).isEqualTo(key == null ? 401 : 403);
            }
            HttpResponse<String> noNote = send("POST", "/api/rules/changes", POLICY, "{\"files\": " + files + "}", "Content-Type",
                    "application/json");
            assertThat(noNote.statusCode()).isEqualTo(400);
            assertThat(noNote.body()).contains("X-Change-Note");
        }

        @Test
        void aRuleThatFiresInNoScenarioIsRefusedNamingItAndItsFile() throws Exception {
            String before = governance("/api/rules").get("activeVersion").asString();
            HttpResponse<String> r = put("patrol.drl", PATROL_RULE, POLICY);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            JsonNode problem = JSON.readTree(r.body()).get("problems").get(0);
            assertThat(problem.get("file").asString()).isEqualTo("patrol.drl");
            assertThat(problem.get("message").asString()).contains("\"A joint patrol is noted\"", "fires in no rule-test scenario");
            assertThat(governance("/api/rules").get("activeVersion").asString()).isEqualTo(before);
            assertThat(governance("/api/rules/status").get("lastReload").get("problems").toString()).contains("A joint patrol is noted");
        }
    }

    @Nested
    class Access {

        @Test
        void everyWriteWithoutAKeyIs401AndWithTooLowARole403() throws Exception {
            String csv = "date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,A1\n";
            record Write(String method, String path, String body, String lowest) {
            }
            List<Write> writes = List.of(
                    new Write("POST", "/api/indicators", csv, "ANALYST"),
                    new Write("POST", "/api/reports?asOf=2023-09-30", null, "ANALYST"),
                    new Write("PUT", "/api/rules/files/levels.drl.csv", "x", "POLICY"),
                    new Write("POST", "/api/rules/validate", "{}", "POLICY"),
                    new Write("POST", "/api/rules/preview", "{}", "POLICY"),
                    new Write("POST", "/api/rules/versions/abc/activate", null, "POLICY"));
            for (Write w : writes) {
                assertThat(send(w.method(), w.path(), null, w.body(), "Content-Type", "text/csv").statusCode())
                        .as("%s %s without a key", w.method(), w.path()).isEqualTo(401);
                assertThat(send(w.method(), w.path(), VIEWER, w.body(), "Content-Type", "text/csv").statusCode())
                        .as("%s %s as VIEWER", w.method(), w.path()).isEqualTo(403);
                if (w.lowest().equals("POLICY")) {
                    assertThat(send(w.method(), w.path(), ANALYST, w.body(), "Content-Type", "text/csv").statusCode())
                            .as("%s %s as ANALYST", w.method(), w.path()).isEqualTo(403);
                }
            }
            assertThat(send("POST", "/api/indicators", ANALYST, csv, "Content-Type", "text/csv").statusCode()).isIn(201, 200);
        }

        @Test
        void readsNeedAKeyUnlessPublicAndAnUnknownKeyIsRefused() throws Exception {
            assertThat(send("GET", "/api/assessment?asOf=2023-09-30", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> unknown = send("GET", "/api/assessment?asOf=2023-09-30", "not-a-key", null);
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(send("GET", "/api/assessment?asOf=2023-09-30", VIEWER, null).statusCode()).isEqualTo(200);
        }

        @Test
        void rulesTheirVersionsAndTheDecisionLogAreReadByAnAnalystNotAViewer() throws Exception {
            String version = governance("/api/rules").get("activeVersion").asString();
            for (String path : List.of("/api/rules", "/api/rules/status", "/api/rules/versions", "/api/rules/files/levels.drl.csv",
                    "/api/rules/versions/" + version + "/diff?against=" + version, "/api/decisions", "/api/decisions/1/replay")) {
                assertThat(send("GET", path, null, null).statusCode()).as("%s without a key", path).isEqualTo(401);
                HttpResponse<String> viewer = send("GET", path, VIEWER, null);
                assertThat(viewer.statusCode()).as("%s as VIEWER", path).isEqualTo(403);
                assertThat(viewer.body()).contains("ANALYST needed");
                assertThat(send("GET", path, ANALYST, null).statusCode()).as("%s as ANALYST", path).isIn(200, 404);
                assertThat(send("GET", path, POLICY, null).statusCode()).as("%s as POLICY", path).isIn(200, 404);
            }
        }
    }

    @Nested
    class UnderLoad {

        @Test
        void assessmentsDuringRepeatedActivationsAllSucceedEachNamingOneVersion() throws Exception {
            String first = governance("/api/rules").get("activeVersion").asString();
            HttpResponse<String> put = put("levels.drl.csv", levels("43"), POLICY);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String second = JSON.readTree(put.body()).get("version").asString();
            Set<String> versions = Set.of(first, second);

            AtomicBoolean running = new AtomicBoolean(true);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger answered = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    List<String> failures = new ArrayList<>();
                    int i = 0;
                    while (running.get() || i < 5) {
                        // a different date each time, so that the rules run rather than the cache answering
                        String date = java.time.LocalDate.of(2023, 1, 1).plusDays(client * 400L + i++).toString();
                        HttpResponse<String> r = send("GET", "/api/assessment?asOf=" + date, VIEWER, null);
                        answered.incrementAndGet();
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                            continue;
                        }
                        JsonNode a = JSON.readTree(r.body());
                        String v = a.get("rulesetVersion").asString();
                        seen.add(v);
                        if (!versions.contains(v)) {
                            failures.add("unknown version " + v);
                        }
                        String id = a.get("autonomy").get("explanationId").asString();
                        if (!id.contains("." + v + ".")) {
                            failures.add("an answer names two versions: " + v + " and " + id);
                        }
                    }
                    return failures;
                }));
            }
            for (int k = 0; k < 10; k++) {
                String v = k % 2 == 0 ? first : second;
                assertThat(send("POST", "/api/rules/versions/" + v + "/activate", POLICY, null, "X-Change-Note", "load " + k).statusCode())
                        .isEqualTo(200);
                // assessments are answered between one activation and the next
                int before = answered.get();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= before + 2);
            }
            running.set(false);
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> f : clients) {
                failures.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(failures).isEmpty();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(versions);
            // Leave the first version active for the other tests. RulesetLifecycle.poll reads the rules directory outside
            // the activation lock, so a poll that read the copy written back by the last activation may activate it again
            // "from disk" just after the restore: restore until it holds over two polls (mandala.rules.poll=300ms).
            send("POST", "/api/rules/versions/" + first + "/activate", POLICY, null, "X-Change-Note", "restore");
            Awaitility.await("the first version restored").atMost(Duration.ofSeconds(20))
                    .pollDelay(Duration.ofMillis(700)).pollInterval(Duration.ofMillis(700)).until(() -> {
                        if (governance("/api/rules").get("activeVersion").asString().equals(first)) {
                            return true;
                        }
                        send("POST", "/api/rules/versions/" + first + "/activate", POLICY, null, "X-Change-Note", "restore again");
                        return false;
                    });
        }
    }

}
