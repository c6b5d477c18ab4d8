package org.mandala;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end, as a new user meets it: the service starts on the sample facts and rules of the
 * repository, with a database of its own, and is used over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sample;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.upload.max-size=1MB", "mandala.reports.dir=target/test-reports",
        "mandala.security.keys[0].name=test-analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=" + SampleScenarioTests.ANALYST_SHA256})
class SampleScenarioTests {
    /** SHA-256 of the test key {@code analyst-test-key}, which every request here sends. */
    static final String ANALYST_SHA256 = "30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postCsv(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/indicators"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    JsonNode september2023() throws Exception {
        var r = get("/api/assessment?asOf=2023-09-30");
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r);
    }

    /** The elements of a JSON array, to find one before asserting on it. */
    static List<JsonNode> elements(JsonNode array) {
        assertThat(array).as("a JSON array").isNotNull();
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    static JsonNode threat(JsonNode assessment, String kind, String... actors) {
        for (JsonNode t : assessment.get("threats")) {
            List<String> names = new ArrayList<>();
            t.get("actors").forEach(a -> names.add(a.asString()));
            if (t.get("kind").asString().equals(kind) && names.equals(List.of(actors))) {
                return t;
            }
        }
        return null;
    }

    /** What an indicator entry of an explanation weighs before the curve: weight × grade × magnitude × decay. */
    static double points(JsonNode b) {
        return b.get("weight").asDouble() * b.get("gradeFactor").asDouble()
                * (b.has("magnitudeFactor") ? b.get("magnitudeFactor").asDouble() : 1.0) * b.get("decay").asDouble();
    }

    /**
     * Checks that every indicator entry has the factor {@code factor} (the share of the curve: score ÷
     * evidence) and contributes its points times it; returns the sum of the contributions.
     */
    static double contributionsAddUp(List<JsonNode> indicators, double factor) {
        double sum = 0;
        for (JsonNode b : indicators) {
            assertThat(b.get("factor").asDouble()).isCloseTo(factor, org.assertj.core.api.Assertions.within(0.001));
            assertThat(Math.abs(b.get("contribution").asDouble()))
                    .isCloseTo(points(b) * b.get("factor").asDouble(), org.assertj.core.api.Assertions.within(0.05));
            sum += b.get("contribution").asDouble();
        }
        return sum;
    }

    @Nested
    class TheSeptember2023Picture {

        @Test
        void russiaAndNorthKoreaAreAtLeastStronglyAligned() throws Exception {
            JsonNode prkRus = null;
            for (JsonNode al : september2023().get("alignments")) {
                if (al.get("a").asString().equals("PRK") && al.get("b").asString().equals("RUS")) {
                    prkRus = al;
                }
            }
            assertThat(prkRus).isNotNull();
            assertThat(prkRus.get("level").asString()).isIn("STRONG", "ALLIANCE");
        }

        @Test
        void russiaWarmingToPakistanIsAConvergenceThreat() throws Exception {
            JsonNode t = threat(september2023(), "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS");
            assertThat(t).isNotNull();
            assertThat(t.get("level").asString()).isIn("ELEVATED", "HIGH", "SEVERE");
        }

        @Test
        void chinaArmingPakistanIsAnAdversaryArmamentThreat() throws Exception {
            assertThat(threat(september2023(), "ADVERSARY_ARMAMENT", "CHN", "PAK")).isNotNull();
        }

        @Test
        void russiaChinaAndNorthKoreaAreAHostileAxis() throws Exception {
            JsonNode a = september2023();
            boolean found = false;
            for (JsonNode t : a.get("threats")) {
                List<String> actors = new ArrayList<>();
                t.get("actors").forEach(x -> actors.add(x.asString()));
                found |= t.get("kind").asString().equals("HOSTILE_AXIS") && actors.containsAll(List.of("CHN", "PRK", "RUS"));
            }
            assertThat(found).isTrue();
        }

        @Test
        void indiaIsUnderPressureButStillBalancing() throws Exception {
            assertThat(september2023().get("autonomy").get("level").asString()).isEqualTo("ELEVATED");
        }

        @Test
        void threatsAreListedMostSevereFirst() throws Exception {
            List<String> order = List.of("LOW", "GUARDED", "ELEVATED", "HIGH", "SEVERE");
            List<Integer> levels = new ArrayList<>();
            september2023().get("threats").forEach(t -> levels.add(order.indexOf(t.get("level").asString())));
            assertThat(levels).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }

        @Test
        void everyConclusionIsExplainedDownToAnIndicatorWithASource() throws Exception {
            JsonNode a = september2023();
            List<String> ids = new ArrayList<>();
            ids.add(a.get("autonomy").get("explanationId").asString());
            for (String list : List.of("threats", "alignments", "axes")) {
                a.get(list).forEach(c -> ids.add(c.get("explanationId").asString()));
            }
            assertThat(ids).hasSizeGreaterThan(10);
            for (String id : ids) {
                var r = get("/api/explanations/" + id);
                assertThat(r.statusCode()).as(id).isEqualTo(200);
                JsonNode e = json(r);
                assertThat(e.get("rule").get("name").asString()).as(id).isNotBlank();
                assertThat(e.get("rule").get("description").asString()).as(id).isNotBlank();
                assertThat(e.get("narrative").asString()).as(id).isNotBlank();
                assertThat(reachesSourcedIndicator(e)).as("explanation %s reaches an indicator with a source", id).isTrue();
            }
        }

        private boolean reachesSourcedIndicator(JsonNode e) {
            for (JsonNode b : e.get("because")) {
                if (b.has("indicator") && b.get("indicator").has("source")) {
                    return true;
                }
                if (b.has("explanation") && reachesSourcedIndicator(b.get("explanation"))) {
                    return true;
                }
            }
            return false;
        }

        @Test
        void anAlignmentExplanationCarriesTheArithmeticThatAddsUpToItsScore() throws Exception {
            JsonNode al = september2023().get("alignments").get(0);
            JsonNode e = json(get("/api/explanations/" + al.get("explanationId").asString()));
            List<JsonNode> indicators = elements(e.get("because")).stream().filter(b -> b.has("indicator")).toList();
            assertThat(indicators).as("the indicators beneath the alignment").isNotEmpty();
            // v2: the evidence (weight × grade × magnitude × decay, hostile ones subtracted) goes through the curve
            // 100 × (1 − e^(−evidence / ALIGNMENT_SCALE 80)); each contribution takes its share, factor = score ÷ evidence
            double evidence = 0;
            for (JsonNode b : indicators) {
                evidence += Math.signum(b.get("contribution").asDouble()) * points(b);
            }
            double score = al.get("score").asDouble();
            assertThat(score).isCloseTo(100 * (1 - Math.exp(-evidence / 80)), org.assertj.core.api.Assertions.within(0.1));
            assertThat(contributionsAddUp(indicators, score / evidence)).isCloseTo(score, org.assertj.core.api.Assertions.within(0.1));
            String arithmetic = e.get("arithmetic").asString();
            assertThat(arithmetic).contains("ALIGNMENT_SCALE 80.00");
            var shown = java.util.regex.Pattern.compile("contributions = (\\d+\\.\\d\\d)").matcher(arithmetic);
            assertThat(shown.find()).as(arithmetic).isTrue();
            assertThat(Double.parseDouble(shown.group(1))).as("the evidence the arithmetic shows").isCloseTo(evidence, org.assertj.core.api.Assertions.within(0.02));
        }

        @Test
        void indicatorsAfterTheDateAreIgnored() throws Exception {
            // the Russia-North Korea treaty of June 2024 makes an alliance only from then on
            JsonNode before = september2023();
            JsonNode after = json(get("/api/assessment?asOf=2024-07-01"));
            assertThat(levelOf(before, "PRK", "RUS")).isEqualTo("STRONG");
            assertThat(levelOf(after, "PRK", "RUS")).isEqualTo("ALLIANCE");
        }

        private String levelOf(JsonNode a, String x, String y) {
            for (JsonNode al : a.get("alignments")) {
                if (al.get("a").asString().equals(x) && al.get("b").asString().equals(y)) {
                    return al.get("level").asString();
                }
            }
            return "NONE";
        }
    }

    @Nested
    class Uploads {

        @Test
        void aBadFileIsRefusedWithEveryLineNamedAndNothingStored() throws Exception {
            long before = json(get("/api/indicators?size=1")).get("total").asLong();
            String etag = get("/api/assessment?asOf=2023-09-30").headers().firstValue("ETag").orElseThrow();
            var r = postCsv("""
                    date,type,actor,target,grade
                    2023-01-01,SUMMIT_MEETING,BRA,ARG,A1
                    2023-13-01,SUMMIT_MEETING,BRA,ARG,A1
                    2023-01-02,SUMMIT_MEETING,BRA,ZZZ,Z9
                    """);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode errors = json(r).get("errors");
            assertThat(errors).hasSize(3);
            assertThat(errors.get(0).get("line").asInt()).isEqualTo(3);
            assertThat(errors.get(0).get("column").asString()).isEqualTo("date");
            assertThat(errors.get(1).get("line").asInt()).isEqualTo(4);
            assertThat(errors.get(2).get("value").asString()).isEqualTo("Z9");
            assertThat(json(get("/api/indicators?size=1")).get("total").asLong()).isEqualTo(before);
            assertThat(get("/api/assessment?asOf=2023-09-30", "If-None-Match", etag).statusCode()).isEqualTo(304);
        }

        @Test
        void theSameFileTwiceIsStoredOnceAndCountedAsDuplicates() throws Exception {
            String csv = "date,type,actor,target,grade,source\n2023-03-01,SUMMIT_MEETING,BRA,ARG,A1,https://example.org/1\n"
                    + "2023-03-02,ECONOMIC_AGREEMENT,BRA,ARG,B2,https://example.org/2\n";
            var first = postCsv(csv);
            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(json(first).get("accepted").asInt()).isEqualTo(2);
            assertThat(json(first).get("batchId").asString()).isNotBlank();
            var second = postCsv(csv);
            assertThat(second.statusCode()).isEqualTo(201);
            assertThat(json(second).get("accepted").asInt()).isZero();
            assertThat(json(second).get("duplicates").asInt()).isEqualTo(2);
            assertThat(json(get("/api/indicators?actor=BRA&target=ARG")).get("total").asInt()).isEqualTo(2);
        }

        @Test
        void pollersGetNotModifiedUntilTheDataChanges() throws Exception {
            var first = get("/api/assessment?asOf=2023-09-30");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(get("/api/assessment?asOf=2023-09-30", "If-None-Match", etag).statusCode()).isEqualTo(304);
            assertThat(postCsv("date,type,actor,target\n2023-04-01,SUMMIT_MEETING,CHL,PER\n").statusCode()).isEqualTo(201);
            var after = get("/api/assessment?asOf=2023-09-30", "If-None-Match", etag);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        }

        @Test
        void aSipriRegisterUploadsWithEveryDealAccountedFor() throws Exception {
            byte[] file = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/fixtures/sipri-register.csv"));
            String boundary = "mandala-test-boundary";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var body = new java.io.ByteArrayOutputStream();
            body.write(head);
            body.write(file);
            body.write(tail);
            var r = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/indicators?format=sipri"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode report = json(r);
            long skipped = 0;
            for (JsonNode n : report.get("skipped")) {
                skipped += n.asLong();
            }
            assertThat(report.get("rows").asLong()).isEqualTo(7);
            assertThat(report.get("accepted").asLong() + report.get("duplicates").asLong() + skipped).isEqualTo(7);
        }

        @Test
        void aFileThatIsNotTheFormatItClaimsIsRefused() throws Exception {
            var r = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/indicators?format=gdelt2"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("date,type,actor,target\n2023-01-01,SUMMIT_MEETING,BRA,ARG\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(json(r).get("errors").get(0).get("message").asString()).startsWith("not a GDELT 2.0 export");
        }

        /** Uploads a CSV as a job (202 with a Location) and waits for the job to end; returns the job. */
        private JsonNode runAsJob(String csv) throws Exception {
            var r = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/indicators?async=true"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/api/indicators/jobs/");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> json(get(location)).get("status").asString(), status -> !status.equals("RUNNING"));
            return json(get(location));
        }

        @Test
        void aLargeUploadRunsAsAJobThatReportsWhenDone() throws Exception {
            JsonNode job = runAsJob("date,type,actor,target\n2023-05-01,SUMMIT_MEETING,ECU,COL\n2023-05-02,SUMMIT_MEETING,ECU,COL\n");
            assertThat(job.get("status").asString()).isEqualTo("DONE");
            assertThat(job.get("rows").asLong()).isEqualTo(2);
            assertThat(job.get("accepted").asLong()).isEqualTo(2);
            assertThat(job.get("duplicates").asLong()).isZero();
        }

        @Test
        void aJobWithBadRowsFailsWithItsErrorsAndStoresNothing() throws Exception {
            JsonNode job = runAsJob("date,type,actor,target\n2023-05-01,SUMMIT_MEETING,ECU,PER\n2023-05-02,SUMMIT_MEETING,ECU,QQQ\n");
            assertThat(job.get("status").asString()).isEqualTo("FAILED");
            assertThat(job.get("errors").get(0).get("line").asInt()).isEqualTo(3);
            assertThat(json(get("/api/indicators?actor=ECU&target=PER")).get("total").asInt()).isZero();
            assertThat(get("/api/indicators/jobs/no-such-job").statusCode()).isEqualTo(404);
        }

        @Test
        void anUploadOverTheSizeLimitIsRefused() throws Exception {
            var r = postCsv("date,type,actor,target,summary\n" + ("2023-04-01,SUMMIT_MEETING,CHL,PER,x\n").repeat(40_000));
            assertThat(r.statusCode()).isEqualTo(413);
        }

        @Test
        void anotherContentTypeIsRefused() throws Exception {
            var r = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/indicators"))
                    .header("Content-Type", "application/pdf").POST(HttpRequest.BodyPublishers.ofString("%PDF")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(415);
        }
    }

    @Test
    void historyGivesTheAutonomyAndThreatsOfEachMonth() throws Exception {
        var r = get("/api/assessment/history?focus=IND&from=2022-01-01&to=2023-12-31&step=month");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode steps = json(r).get("steps");
        assertThat(steps).hasSize(24);
        JsonNode september = steps.get(20);
        assertThat(september.get("asOf").asString()).isEqualTo("2023-09-30");
        assertThat(september.get("autonomy").get("level").asString()).isEqualTo("ELEVATED");
        assertThat(september.get("threats").get("PARTNER_ADVERSARY_CONVERGENCE").get("ELEVATED").asInt()).isGreaterThanOrEqualTo(1);
        List<String> pairs = new ArrayList<>();
        september.get("alignments").forEach(al -> pairs.add(al.get("a").asString() + "-" + al.get("b").asString()));
        assertThat(pairs).contains("IND-RUS", "IND-USA", "CHN-IND", "IND-PAK");
        // Russia's warming to Pakistan shows over time: no convergence before Imran Khan's visit of February 2022
        assertThat(steps.get(0).get("autonomy").get("score").asDouble()).isLessThan(september.get("autonomy").get("score").asDouble());
        assertThat(threat(json(get("/api/assessment?asOf=2022-01-31")), "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS")).isNull();
    }

    @Test
    void anUnknownExplanationIsNotFound() throws Exception {
        var r = get("/api/explanations/IND.2023-09-30.1.abcdef123456.A.PRK-RUS");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(get("/api/explanations/nonsense").statusCode()).isEqualTo(404);
    }

    @Test
    void aBadDateIsABadRequestNamingTheParameter() throws Exception {
        var r = get("/api/assessment?asOf=30-09-2023");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("parameter").asString()).isEqualTo("asOf");
        assertThat(r.body()).doesNotContain("at org.");
    }

    @Test
    void indicatorsAreListedNewestFirstWithTheirTotal() throws Exception {
        JsonNode page = json(get("/api/indicators?actor=RUS&target=PRK&size=3"));
        assertThat(page.get("items")).hasSize(3);
        assertThat(page.get("total").asInt()).isGreaterThan(3);
        String first = page.get("items").get(0).get("date").asString();
        String second = page.get("items").get(1).get("date").asString();
        assertThat(first.compareTo(second)).isGreaterThanOrEqualTo(0);
    }

    @Nested
    class AnalystsQuestions {

        @Test
        void everyConclusionCarriesItsConfidence() throws Exception {
            JsonNode a = september2023();
            assertThat(a.get("autonomy").get("confidence").asString()).isIn("LOW", "MEDIUM", "HIGH");
            a.get("threats").forEach(t -> assertThat(t.get("confidence").asString()).isIn("LOW", "MEDIUM", "HIGH"));
            a.get("alignments").forEach(t -> assertThat(t.get("confidence").asString()).isIn("LOW", "MEDIUM", "HIGH"));
            // China's frigate and fighters for Pakistan: A1 reports from two publishers and the Kashmir dispute
            JsonNode arms = threat(a, "ADVERSARY_ARMAMENT", "CHN", "PAK");
            JsonNode e = json(get("/api/explanations/" + arms.get("explanationId").asString()));
            assertThat(e.get("confidence").asString()).isEqualTo(arms.get("confidence").asString());
            assertThat(e.get("narrative").asString()).contains("Confidence " + arms.get("confidence").asString(),
                    "independent source", "2022-03-04", "grade A1", "shephardmedia.com");
        }

        @Test
        void whyNotNamesTheFailingConditionWithBothValuesAndTheLeastChange() throws Exception {
            JsonNode w = json(get("/api/explanations/why-not?asOf=2023-09-30&pair=PAK,RUS&level=STRONG"));
            assertThat(w.get("drawn").asBoolean()).isFalse();
            JsonNode rule = w.get("rules").get(0);
            assertThat(rule.get("name").asString()).isEqualTo("Alignment of two states is their cooperative minus their hostile evidence");
            JsonNode condition = rule.get("conditions").get(0);
            assertThat(condition.get("held").asBoolean()).isFalse();
            // 39.9 points of evidence, 39.2 through ALIGNMENT_SCALE 80; STRONG (45) needs −80 × ln(0.55) = 47.8 points: 8.0 more
            assertThat(condition.get("actual").asDouble()).isEqualTo(39.2);
            assertThat(condition.get("required").asDouble()).isEqualTo(45.0);
            assertThat(condition.get("text").asString())
                    .isEqualTo("PAK–RUS alignment 39.2 < 45.0 needed for STRONG (evidence 39.9 through the curve)");
            assertThat(rule.get("leastChange").asString()).startsWith("8.0 more points");
        }

        @Test
        void whyNotOnAConclusionThatHoldsSaysSoWithItsExplanation() throws Exception {
            JsonNode w = json(get("/api/explanations/why-not?asOf=2023-09-30&kind=ADVERSARY_ARMAMENT&actors=CHN,PAK"));
            assertThat(w.get("drawn").asBoolean()).isTrue();
            assertThat(w.get("explanationId").asString()).endsWith("T.ADVERSARY_ARMAMENT.CHN-PAK");
            JsonNode atSevere = json(get("/api/explanations/why-not?asOf=2023-09-30&kind=ADVERSARY_ARMAMENT&actors=CHN,PAK&level=SEVERE"));
            assertThat(atSevere.get("drawn").asBoolean()).isFalse();
            JsonNode level = atSevere.get("rules").get(atSevere.get("rules").size() - 1).get("conditions").get(0);
            assertThat(level.get("held").asBoolean()).isFalse();
            assertThat(level.get("required").asDouble()).isEqualTo(80.0);
            assertThat(level.get("actual").asDouble()).isEqualTo(threat(september2023(), "ADVERSARY_ARMAMENT", "CHN", "PAK").get("score").asDouble());
        }

        @Test
        void theContributionsOfAThreatAddUpToItsScoreWithTheRulesFactor() throws Exception {
            JsonNode arms = threat(september2023(), "ADVERSARY_ARMAMENT", "CHN", "PAK");
            JsonNode e = json(get("/api/explanations/" + arms.get("explanationId").asString()));
            List<JsonNode> indicators = elements(e.get("because")).stream().filter(b -> b.has("indicator")).toList();
            assertThat(indicators).as("the arms transfers beneath the threat").isNotEmpty();
            // v2: the arms-transfer evidence (magnitude weighing: six J-10C 0.889, one frigate 0.5) goes through
            // 100 × (1 − e^(−evidence / ARMAMENT_SCALE 50)); each contribution takes its share, factor = score ÷ evidence
            double evidence = indicators.stream().mapToDouble(SampleScenarioTests::points).sum();
            double score = arms.get("score").asDouble();
            assertThat(score).isCloseTo(100 * (1 - Math.exp(-evidence / 50)), org.assertj.core.api.Assertions.within(0.05));
            assertThat(indicators).anySatisfy(b -> assertThat(b.get("magnitudeFactor").asDouble()).isLessThan(1.0));
            assertThat(contributionsAddUp(indicators, score / evidence)).isCloseTo(score, org.assertj.core.api.Assertions.within(0.05));
            assertThat(e.get("arithmetic").asString()).contains("ARMAMENT_SCALE 50.00");
        }

        @Test
        void whyNotCountsATreatyThatRaisesALevelWhateverTheScore() throws Exception {
            // CHN-PRK scores 40.8 (below STRONG's 45) but the 1961 treaty in force makes it an ALLIANCE
            JsonNode w = json(get("/api/explanations/why-not?asOf=2023-09-30&pair=CHN,PRK&level=STRONG"));
            assertThat(w.get("drawn").asBoolean()).isTrue();
            JsonNode treaty = null;
            for (JsonNode r : w.get("rules")) {
                assertThat(r.has("leastChange")).as("no least change for a conclusion that holds").isFalse();
                if (r.get("name").asString().equals("An alliance treaty in force makes an alliance")) {
                    treaty = r;
                }
            }
            assertThat(treaty).isNotNull();
            assertThat(treaty.get("fires").asBoolean()).isTrue();
        }

        @Test
        void whyNotChecksTheCodesItIsGiven() throws Exception {
            // codes are read in any case, as people type them
            var lower = get("/api/explanations/why-not?asOf=2023-09-30&pair=pak,rus&level=STRONG");
            assertThat(lower.statusCode()).isEqualTo(200);
            assertThat(json(lower).get("question").asString())
                    .isEqualTo(json(get("/api/explanations/why-not?asOf=2023-09-30&pair=PAK,RUS&level=STRONG")).get("question").asString());
            assertThat(get("/api/explanations/why-not?asOf=2023-09-30&pair=PAK,XXX").statusCode()).isEqualTo(400);
        }

        @Test
        void aFocusTypedInLowerCaseIsTheSameFocus() throws Exception {
            var lower = get("/api/assessment?focus=ind&asOf=2023-09-30");
            assertThat(lower.statusCode()).isEqualTo(200);
            assertThat(json(lower).get("focus").asString()).isEqualTo("IND");
            assertThat(lower.headers().firstValue("ETag")).isEqualTo(get("/api/assessment?focus=IND&asOf=2023-09-30").headers().firstValue("ETag"));
        }

        @Test
        void theAssessmentSaysWhenWhatItSaysLastChanged() throws Exception {
            JsonNode changed = json(get("/api/assessment?asOf=2023-09-30")).get("changed");
            java.time.Instant data = java.time.Instant.parse(changed.get("data").asString());
            java.time.Instant ruleset = java.time.Instant.parse(changed.get("ruleset").asString());
            assertThat(java.time.Instant.parse(changed.get("at").asString())).isEqualTo(data.isAfter(ruleset) ? data : ruleset)
                    .isBefore(java.time.Instant.now().plusSeconds(1));
        }

        @Test
        void eachThreatSaysWhoDoesWhatToWhom() throws Exception {
            JsonNode threats = json(get("/api/assessment?asOf=2023-09-30")).get("threats");
            java.util.Map<String, String> directions = new java.util.HashMap<>();
            threats.forEach(t -> directions.put(t.get("kind").asString() + " " + String.join("-", t.get("actors").valueStream()
                    .map(JsonNode::asString).toList()), t.path("direction").asString(null)));
            // China arms Pakistan: the supplier first, whatever the sorted actors say
            assertThat(directions).containsEntry("ADVERSARY_ARMAMENT CHN-PAK", "CHN → PAK arms")
                    .containsEntry("PARTNER_ADVERSARY_CONVERGENCE PAK-RUS", "RUS, a partner, draws close to PAK, an adversary")
                    .containsEntry("STANDING_DISPUTE CHN-IND", "CHN disputes territory with IND");
            // an axis names its members, not a direction
            threats.forEach(t -> {
                if (t.get("kind").asString().equals("HOSTILE_AXIS")) {
                    assertThat(t.has("direction")).isFalse();
                }
            });
        }

        @Test
        void eachThreatHasItsTrendSinceThePreviousMonthEnds() throws Exception {
            var r = get("/api/assessment/threat-trends?asOf=2023-09-30&months=6");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode trends = json(r);
            assertThat(trends.get("dates").valueStream().map(JsonNode::asString).toList()).containsExactly("2023-03-31", "2023-04-30",
                    "2023-05-31", "2023-06-30", "2023-07-31", "2023-08-31", "2023-09-30");
            // the Kim–Putin summit of 13 September 2023 closes the China–North Korea–Russia triangle: new this month
            JsonNode axis = trends.get("threats").get("T.HOSTILE_AXIS.CHN-PRK-RUS");
            assertThat(axis.get("since").asString()).isEqualTo("NEW");
            assertThat(axis.get("scores").get(5).isNull()).isTrue();
            JsonNode dispute = trends.get("threats").get("T.STANDING_DISPUTE.CHN-IND");
            assertThat(dispute.get("since").asString()).isEqualTo("SAME");
            assertThat(dispute.get("previousLevel").asString()).isEqualTo("GUARDED");
            assertThat(dispute.get("scores")).hasSize(7);
            assertThat(get("/api/assessment/threat-trends?asOf=2023-09-30&months=6", "If-None-Match", r.headers().firstValue("ETag").orElseThrow())
                    .statusCode()).isEqualTo(304);
            assertThat(get("/api/assessment/threat-trends?months=99").statusCode()).isEqualTo(400);

            // the history marks the month the triangle closed
            JsonNode steps = json(get("/api/assessment/history?from=2023-07-01&to=2023-09-30")).get("steps");
            assertThat(steps.get(0).has("marks")).as("nothing before the first step").isFalse();
            assertThat(steps.get(2).get("marks").get("appeared").asInt()).isPositive();
        }

        @Test
        void theIndicatorsExportAsANativeCsvThatLoadsBackAsDuplicates() throws Exception {
            var all = get("/api/indicators/export");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            List<String> lines = all.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo("id,date,until,type,actor,target,magnitude,unit,grade,source,summary");
            long stored = json(get("/api/indicators?size=1")).get("total").asLong();
            // a summary may hold a line break inside its quotes, so count the rows by their ids, not by lines
            JsonNode list = json(get("/api/indicators?actor=rus&size=1000"));
            assertThat(list.get("total").asLong()).as("lower-case codes are read as codes").isPositive();
            var russia = get("/api/indicators/export?actor=rus");
            for (JsonNode i : list.get("items")) {
                assertThat(russia.body()).contains(i.get("id").asString() + "," + i.get("date").asString());
            }
            assertThat(russia.body()).doesNotContain(",CHN,PAK,");
            // the whole store loads back unchanged: every row a duplicate, nothing new
            var again = postCsv(all.body());
            assertThat(again.statusCode()).as(again.body()).isIn(200, 201);
            assertThat(json(again).get("duplicates").asLong()).isEqualTo(stored);
            assertThat(json(again).get("accepted").asLong()).isZero();
            assertThat(get("/api/indicators/export?from=2023-02-30").statusCode()).isEqualTo(400);
        }

        @Test
        void theNetworkHasItsHostilitiesAndTheMapItsArmsFlows() throws Exception {
            JsonNode a = json(get("/api/assessment?asOf=2023-09-30"));
            // the Galwan-era clashes and the Line of Control make China and Pakistan hostile to India, the gravest first
            JsonNode first = a.get("hostilities").get(0);
            assertThat(first.get("a").asString() + "-" + first.get("b").asString()).isIn("CHN-IND", "IND-PAK");
            assertThat(get("/api/explanations/" + first.get("explanationId").asString()).statusCode()).isEqualTo(200);
            // India's partners Russia and the US are hostile to each other: India balances between them (M8)
            JsonNode balancing = a.get("balancing").get(0);
            assertThat(balancing.get("between").valueStream().map(JsonNode::asString).toList()).containsExactly("RUS", "USA");
            assertThat(balancing.get("points").asDouble()).isPositive();
            assertThat(get("/api/explanations/" + balancing.get("explanationId").asString()).statusCode()).isEqualTo(200);
            JsonNode flows = json(get("/api/assessment/flows?asOf=2023-09-30"));
            assertThat(flows.get("type").asString()).isEqualTo("ARMS_TRANSFER");
            // Russia is India's largest supplier in the sample; China arms Pakistan
            assertThat(flows.get("flows").get(0).get("from").asString() + ">" + flows.get("flows").get(0).get("to").asString()).isEqualTo("RUS>IND");
            assertThat(flows.get("flows").findValuesAsString("from")).contains("CHN");
            assertThat(json(get("/api/assessment/flows?asOf=2023-09-30&limit=1")).get("flows")).hasSize(1);
            assertThat(get("/api/assessment/flows?type=arms_transfer").statusCode()).isEqualTo(200);
            assertThat(get("/api/assessment/flows?type=NOPE").statusCode()).isEqualTo(400);
        }

        @Test
        void theLevelBandsAreTheRulesetsForALegend() throws Exception {
            JsonNode levels = json(get("/api/reference/levels"));
            // levels.drl.csv: GUARDED from 20, ELEVATED from 40, HIGH from 60, SEVERE from 80; alignments WEAK 10, MODERATE 25, STRONG 45
            assertThat(levels.get("risk").findValuesAsString("level")).containsExactly("LOW", "GUARDED", "ELEVATED", "HIGH", "SEVERE");
            // each kind of the shipped rules says in one line why it matters (kinds.drl.csv)
            JsonNode kinds = json(get("/api/assessment?asOf=2023-09-30")).get("kinds");
            kinds.properties().forEach(k -> assertThat(k.getValue().get("matters").asString()).as(k.getKey()).isNotBlank());
            assertThat(levels.get("risk").get(3).get("from").asDouble()).isEqualTo(60.0);
            assertThat(levels.get("risk").get(3).get("to").asDouble()).isEqualTo(80.0);
            assertThat(levels.get("alignment").get(2).get("from").asDouble()).isEqualTo(25.0);
            assertThat(levels.get("alignment").get(4).get("note").asString()).contains("alliance treaty");
        }

        @Test
        void anIndicatorWhoseTextLooksLikeAPlaceholderIsShownAsText() throws Exception {
            var r = postCsv("date,type,actor,target,grade,source,summary\n2023-09-20,SUMMIT_MEETING,IRN,PRK,B2,Loop {evidence} press,{grounds}\n");
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode a = json(get("/api/assessment?asOf=2023-09-30"));
            String id = null;
            for (JsonNode al : a.get("alignments")) {
                if (al.get("a").asString().equals("IRN") && al.get("b").asString().equals("PRK")) {
                    id = al.get("explanationId").asString();
                }
            }
            assertThat(id).isNotNull();
            var e = get("/api/explanations/" + id);
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(json(e).get("narrative").asString()).contains("Loop {evidence} press");
        }

        @Test
        void aChangeNamesOnlyTheIndicatorsBeneathItsScore() throws Exception {
            // the PAK-RUS convergence scores the PAK-RUS alignment; that RUS is a partner of IND is a condition, not a cause
            JsonNode c = json(get("/api/assessment/changes?from=2023-06-30&to=2023-09-30"));
            JsonNode convergence = elements(c.get("changed")).stream().filter(x -> x.get("after").has("kind")
                    && x.get("after").get("kind").asString().equals("PARTNER_ADVERSARY_CONVERGENCE")
                    && x.get("after").get("actors").toString().equals("[\"PAK\",\"RUS\"]")).findFirst().orElse(null);
            assertThat(convergence).as("the PAK-RUS convergence among the changes from June to September 2023").isNotNull();
            assertThat(convergence.get("causes")).isNotEmpty().allSatisfy(cause -> assertThat(List.of(cause.get("indicator").get("actor").asString(),
                    cause.get("indicator").get("target").asString())).containsExactlyInAnyOrder("PAK", "RUS"));
        }

        @Test
        void whyNotRefusesAnUnknownKindSayingWhichAreKnown() throws Exception {
            var r = get("/api/explanations/why-not?asOf=2023-09-30&kind=INVASION&actors=CHN,PAK");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).get("detail").asString()).contains("ADVERSARY_ARMAMENT");
        }

        @Test
        void changesNameTheIndicatorsThatCausedThem() throws Exception {
            // the Vostochny summit of 13 September 2023 lifts PRK-RUS to STRONG
            JsonNode c = json(get("/api/assessment/changes?from=2023-08-31&to=2023-09-30"));
            JsonNode prkRus = null;
            for (String list : List.of("appeared", "changed")) {
                for (JsonNode x : c.get(list)) {
                    JsonNode after = x.get("after");
                    if (after.has("a") && after.get("a").asString().equals("PRK") && after.get("b").asString().equals("RUS")) {
                        prkRus = x;
                    }
                }
            }
            assertThat(prkRus).isNotNull();
            assertThat(prkRus.get("after").get("level").asString()).isEqualTo("STRONG");
            JsonNode cause = prkRus.get("causes").get(0);
            assertThat(cause.get("indicator").get("id").asString()).isEqualTo("rus-prk-summit-2023-09-13");
            assertThat(cause.get("before").asDouble()).isZero();
            assertThat(cause.get("after").asDouble()).isPositive();
        }

        @Test
        void anAssessmentServedIsLoggedOnceAndItsReplayGivesTheSameHash() throws Exception {
            september2023();
            String version = september2023().get("dataVersion").asString();
            JsonNode page = json(get("/api/decisions?size=500"));
            List<JsonNode> mine = new ArrayList<>();
            page.get("items").forEach(d -> {
                if (d.get("asOf").asString().equals("2023-09-30") && d.get("focus").asString().equals("IND")
                        && d.get("dataVersion").asString().equals(version)) {
                    mine.add(d);
                }
            });
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).get("resultHash").asString()).hasSize(64);
            JsonNode replay = json(get("/api/decisions/" + mine.get(0).get("id").asLong() + "/replay"));
            assertThat(replay.get("reproduced").asBoolean()).isTrue();
            assertThat(replay.get("replayedHash").asString()).isEqualTo(mine.get(0).get("resultHash").asString());
        }

        @Test
        void aReportIsWrittenInEveryFormatWithEverySection() throws Exception {
            var r = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + "/api/reports?focus=IND&asOf=2023-09-30"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode files = json(r);
            List<String> sections = List.of("Executive summary", "Threats", "Alignment network", "Autonomy risk, month by month", "Narratives");
            String md = get(files.get("markdown").asString()).body();
            String html = get(files.get("html").asString()).body();
            assertThat(md).contains(sections).contains("Adversary armament", "Confidence", ".png)", "https://");
            assertThat(html).contains(sections).contains("<table>", "<img src=", "<a href=\"https://");
            byte[] pdf = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + files.get("pdf").asString())).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                assertThat(doc.getNumberOfPages()).isGreaterThan(1);
                String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
                assertThat(text).contains(sections).contains("Adversary armament", "ELEVATED");
                assertThat(doc.getPage(0).getResources().getXObjectNames()).isNotEmpty();
            }
            assertThat(elements(files.get("images"))).as("the charts of the report").isNotEmpty();
            for (JsonNode image : files.get("images")) {
                var png = http.send(HttpRequest.newBuilder().header("Authorization", "Bearer analyst-test-key").uri(URI.create("http://localhost:" + port + image.asString())).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
                assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()))).isNotNull();
            }
        }
    }
}
