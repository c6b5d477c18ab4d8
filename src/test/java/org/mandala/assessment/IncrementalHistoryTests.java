package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import org.mandala.indicator.IndicatorRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * After an upload, a trend is made again only where the new indicators reach: a month-end before
 * every new indicator's date is the assessment already made, named by the new data version, and
 * its explanations still resolve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:incremental;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.alerts.enabled=false", "mandala.trends.precompute=false",
        "mandala.security.keys[0].name=analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10"})
class IncrementalHistoryTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TREND = "/api/assessment/history?focus=IND&from=2023-01-01&to=2023-09-30&step=month";

    @LocalServerPort
    int port;

    @Autowired
    IndicatorRepository indicators;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUploadRemakesOnlyTheMonthEndsItsIndicatorsReachBackTo() throws Exception {
        JsonNode before = trend();
        long made = made();

        // a summit on 20 September 2023: only the September month-end counts it
        upload("2023-09-20,SUMMIT_MEETING,IND,SAU,B2");
        JsonNode after = trend();
        assertThat(made() - made).as("month-ends made again").isEqualTo(1);
        assertThat(after.get("dataVersion").asString()).isEqualTo(String.valueOf(indicators.currentVersion()))
                .isNotEqualTo(before.get("dataVersion").asString());
        for (int i = 0; i < 8; i++) {
            assertThat(after.get("steps").get(i).get("autonomy")).as("month-end %d", i).isEqualTo(before.get("steps").get(i).get("autonomy"));
        }

        // a clash in February reaches every month-end from February on
        made = made();
        upload("2023-02-10,BORDER_CLASH,CHN,IND,A2");
        JsonNode later = trend();
        assertThat(made() - made).as("month-ends made again").isEqualTo(8);
        assertThat(later.get("steps").get(0).get("autonomy")).isEqualTo(before.get("steps").get(0).get("autonomy"));

        // the January month-end, made at the first version, is explained at the latest
        JsonNode january = later.get("steps").get(0).get("alignments");
        assertThat(january.size()).as("alignments of the focus in January").isPositive();
        String id = january.get(0).get("explanationId").asString();
        HttpResponse<String> explanation = get("/api/explanations/" + id);
        assertThat(explanation.statusCode()).as(explanation.body()).isEqualTo(200);
    }

    private JsonNode trend() throws Exception {
        HttpResponse<String> r = get(TREND);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void upload(String row) throws Exception {
        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/indicators"))
                .header("Authorization", "Bearer analyst-test-key").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("date,type,actor,target,grade,source\n" + row + ",test\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    }

    private static long made() {
        return Metrics.globalRegistry.find("mandala.assessments.made").timers().stream().mapToLong(t -> t.count()).sum();
    }
}
