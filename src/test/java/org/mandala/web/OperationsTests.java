package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.MandalaApplication;
import org.mandala.system.DatasourceUrlCheck;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator and a balancer read: liveness, readiness with the database and the ruleset,
 * info naming the versions that serve, and metrics; on the closed (production-like) access, so the
 * probes are shown to need no key while the metrics do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:operations;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.security.public-read=false",
        "mandala.security.keys[0].name=viewer", "mandala.security.keys[0].role=VIEWER",
        "mandala.security.keys[0].sha256=fd5827d3c9c7957462436c04f97bc1bad06303584561b9b4e93ea36115cf26d3"})
class OperationsTests {
    static final String VIEWER = "viewer-test-key";
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBalancerProbesLivenessAndReadinessWithoutAKeyAndReadinessIncludesTheDatabaseAndTheRuleset() throws Exception {
        HttpResponse<String> live = get("/actuator/health/liveness", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asString()).isEqualTo("UP");
        HttpResponse<String> ready = get("/actuator/health/readiness", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(ready.body()).get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("ruleset").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("readinessState").get("status").asString()).isEqualTo("UP");
        // nothing else of the service is open without a key on this profile
        assertThat(get("/api/assessment", null).statusCode()).isEqualTo(401);
        // a poll with a tag that holds is no way around the key
        String etag = get("/api/assessment?asOf=2023-09-30", VIEWER).headers().firstValue("ETag").orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-09-30"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // nor is an answer already made
        assertThat(get("/api/assessment?asOf=2023-09-30", null).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-09-30"))
                .header("If-None-Match", etag).header("Authorization", "Bearer " + VIEWER).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(304);
        assertThat(get("/actuator/env", null).statusCode()).isIn(401, 404);
    }

    @Test
    void infoNamesTheVersionsThatServe() throws Exception {
        JsonNode assessment = JSON.readTree(get("/api/assessment?asOf=2023-09-30", VIEWER).body());
        HttpResponse<String> info = get("/actuator/info", null);
        assertThat(info.statusCode()).isEqualTo(200);
        JsonNode mandala = JSON.readTree(info.body()).get("mandala");
        assertThat(mandala.get("rulesetVersion").asString()).isEqualTo(assessment.get("rulesetVersion").asString());
        assertThat(mandala.get("dataVersion").asString()).isEqualTo(assessment.get("dataVersion").asString());
        assertThat(JSON.readTree(info.body()).get("build").get("version").asString()).isNotBlank();
    }

    @Test
    void metricsForPrometheusCountAssessmentsImportsAndRuleActivationsForAViewer() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).as("metrics need a key when reads do").isEqualTo(401);
        get("/api/assessment?asOf=2023-09-30", VIEWER);
        get("/api/assessment?asOf=2023-09-30", VIEWER);
        HttpResponse<String> metrics = get("/actuator/prometheus", VIEWER);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("mandala_assessments_made_seconds_count", "mandala_assessments_cache_total{result=\"hit\"}",
                "mandala_import_rows_total{outcome=\"accepted\"}", "mandala_rules_changes_total{origin=\"startup\",outcome=\"activated\"}");
        // what has not happened yet is there at zero, so a fresh replica's dashboards and alerts have a series to read
        assertThat(metrics.body()).contains("mandala_import_files_total{outcome=\"refused\"} 0.0",
                "mandala_rules_changes_total{origin=\"rollback\",outcome=\"refused\"} 0.0");
    }

    @Test
    void anH2UrlWithoutPostgresModeIsRefusedAtStartSayingWhatToAdd(@TempDir Path dir) {
        Path mine = dir.resolve("mine");
        assertThatThrownBy(() -> new SpringApplicationBuilder(MandalaApplication.class).web(WebApplicationType.NONE)
                .run("--spring.datasource.url=jdbc:h2:file:" + mine, "--mandala.facts.load-on-startup=false"))
                .isInstanceOfSatisfying(DatasourceUrlCheck.UnusableDatasourceException.class, e -> {
                    var analysis = new DatasourceUrlCheck.Analyzer().analyze(e);
                    assertThat(analysis.getAction()).isEqualTo("Add ;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE to the URL.");
                    assertThat(analysis.getDescription()).contains("jdbc:h2:file:" + mine, "PostgreSQL mode");
                });
        assertThat(dir.resolve("mine.mv.db")).as("refused before any connection").doesNotExist();
    }
}
