package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import org.mandala.indicator.IndicatorRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dashboard's first look at the trend after an upload finds it made: no assessment is run for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:precompute;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.alerts.enabled=false",
        "mandala.security.keys[0].name=analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10"})
class TrendPrecomputeTests {
    @LocalServerPort
    int port;

    @Autowired
    TrendPrecompute precompute;

    @Autowired
    IndicatorRepository indicators;

    @Test
    void theTrendAfterAnUploadIsAnsweredWithoutRunningAnAssessment() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/indicators"))
                .header("Authorization", "Bearer analyst-test-key").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("date,type,actor,target,grade\n2023-09-20,SUMMIT_MEETING,IND,SAU,B2\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        long version = indicators.currentVersion();
        await().atMost(Duration.ofSeconds(60)).until(() -> precompute.done().startsWith(version + "."));

        double made = Metrics.globalRegistry.find("mandala.assessments.made").timers().stream().mapToLong(t -> t.count()).sum();
        assertThat(made).as("the assessments computed ahead are counted").isPositive();
        // the dashboard's trend: from the first of the month 23 months back to today
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String path = "/api/assessment/history?focus=IND&from=" + today.minusMonths(23).withDayOfMonth(1) + "&to=" + today + "&step=month";
        HttpResponse<String> trend = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(trend.statusCode()).as(trend.body()).isEqualTo(200);
        assertThat(trend.headers().firstValue("ETag").orElseThrow()).contains("." + version + ".");
        assertThat(Metrics.globalRegistry.find("mandala.assessments.made").timers().stream().mapToLong(t -> t.count()).sum())
                .as("assessments run to answer the trend").isEqualTo((long) made);
    }
}
