package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mutated files of every format ({@link FuzzedFiles}) uploaded over HTTP, as an analyst would:
 * each answer is {@code 201} with a report whose rows add up, or {@code 422} problem+json with
 * line errors, no stack trace and nothing stored; never a {@code 5xx}, and nothing of the files
 * reaches the log. {@code -Dfuzz.httpCases=N} for more than the default.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:uploadfuzz;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.reports.dir=target/test-reports",
        "mandala.security.keys[0].name=fuzz-analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=" + UploadFuzzTests.ANALYST_SHA256})
class UploadFuzzTests {
    /** SHA-256 of the test key {@code analyst-test-key}. */
    static final String ANALYST_SHA256 = "30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10";
    static final int CASES = Integer.getInteger("fuzz.httpCases", 80);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void everyUploadIsCreatedOrRefusedWithLineErrorsAndARefusalStoresNothing(CapturedOutput output) throws Exception {
        FuzzedFiles files = FuzzedFiles.load();
        List<String> failures = new ArrayList<>();
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            FuzzedFiles.Case c = files.generate(ReaderFuzzTests.SEED + 1_000_000 + i);
            long before = stored();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/indicators?format=" + c.format()))
                    .header("Authorization", "Bearer analyst-test-key").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.bytes())).build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(r.statusCode(), 1, Integer::sum);
            String failure = unsound(r, before, stored());
            if (failure != null) {
                failures.add(failure + ": " + c);
            }
        }
        System.out.println("uploaded " + CASES + " fuzzed files: " + statuses);
        assertThat(failures).isEmpty();
        assertThat(statuses).as("both answers were met").containsKeys(201, 422);
        assertThat(output.getAll()).doesNotContain("Request failed", "lost text", "Error parsing CSV line");
    }

    private static String unsound(HttpResponse<String> r, long before, long after) {
        String body = r.body();
        if (body.contains("at org.") || body.contains("Exception")) {
            return r.statusCode() + " with a stack trace or an exception's name in the body";
        }
        if (r.statusCode() == 422) {
            if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                return "422 without problem+json";
            }
            JsonNode errors = JSON.readTree(body).get("errors");
            if (errors == null || errors.isEmpty() || !errors.get(0).get("line").isInt()) {
                return "422 without line errors";
            }
            return after == before ? null : "422 and yet " + (after - before) + " indicators stored";
        }
        if (r.statusCode() == 201) {
            JsonNode report = JSON.readTree(body);
            long skipped = 0;
            for (JsonNode n : report.get("skipped")) {
                skipped += n.asLong();
            }
            long accepted = report.get("accepted").asLong();
            if (report.get("rows").asLong() != accepted + report.get("duplicates").asLong() + skipped) {
                return "201 whose rows do not add up: " + body;
            }
            return after == before + accepted ? null : "201 accepting " + accepted + " but storing " + (after - before);
        }
        return "status " + r.statusCode() + ": " + body.substring(0, Math.min(200, body.length()));
    }

    private long stored() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/indicators?size=1"))
                .header("Authorization", "Bearer analyst-test-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("total").asLong();
    }
}
