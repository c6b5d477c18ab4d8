package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What-if, as an analyst asks it: hypothetical indicators in the native CSV give the assessment as
 * if they were stored and what they change, with the hypothetical rows among the causes; bad rows
 * are a 422 like an upload's; and nothing is stored, cached or logged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:what-if;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class WhatIfTests {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String HEADER = "id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n";
    /** Pakistan, an adversary of India, and Russia, a partner, sign an alliance: hypothetical. */
    static final String TREATY = HEADER + "whatif-pak-rus-treaty,2023-09-20,,ALLIANCE_TREATY,PAK,RUS,,,A1,https://example.org/hypothetical,"
            + "\"Pakistan and Russia sign a mutual defence treaty (hypothetical)\"\n";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpResponse<String> whatIf(String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment/what-if?focus=IND&asOf=2023-09-30"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode real() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?focus=IND&asOf=2023-09-30"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void aHypotheticalTreatyShowsWhatItWouldChangeAndStoresNothing() throws Exception {
        JsonNode before = real();
        long indicators = count("indicator");
        long decisions = count("decision");
        long version = jdbc.queryForObject("SELECT version FROM data_state", Long.class);

        HttpResponse<String> r = whatIf(TREATY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("hypothetical").asBoolean()).isTrue();
        assertThat(answer.path("indicators").asInt()).isEqualTo(1);
        assertThat(answer.path("dataVersion").asString()).isEqualTo(before.path("dataVersion").asString());
        // the treaty makes something appear or change, and it is among the causes
        JsonNode moved = answer.path("appeared").isEmpty() ? answer.path("changed") : answer.path("appeared");
        assertThat(moved).as(r.body()).isNotEmpty();
        assertThat(moved.findValuesAsString("id")).contains("whatif-pak-rus-treaty");
        // no explanation id is given for what no stored data supports; the explanations are inline, down to the treaty
        assertThat(answer.path("assessment").findValues("explanationId")).allMatch(JsonNode::isNull);
        JsonNode explained = answer.path("explanations");
        assertThat(explained.size()).isEqualTo(answer.path("appeared").size() + answer.path("changed").size());
        assertThat(explained.toString()).contains("whatif-pak-rus-treaty", "Pakistan and Russia sign a mutual defence treaty");

        // the tripwires it would cross, each explained down to the hypothetical treaty
        JsonNode warnings = answer.path("warnings");
        // the sample has Russia and Pakistan aligned MODERATE, a convergence ELEVATED: the alliance raises it to HIGH
        assertThat(warnings.findValuesAsString("key")).as(r.body()).containsExactly("W.THREAT_RISE.PAK-RUS");
        for (JsonNode w : warnings) {
            assertThat(w.path("explanation").toString()).as(w.path("key").asString()).contains("whatif-pak-rus-treaty");
            assertThat(w.path("explanation").path("id").asString(null)).as("no id: nothing stored could rebuild it").isNull();
        }

        assertThat(count("indicator")).isEqualTo(indicators);
        assertThat(count("decision")).isEqualTo(decisions);
        assertThat(count("alert")).as("a what-if raises no alert").isZero();
        assertThat(jdbc.queryForObject("SELECT version FROM data_state", Long.class)).isEqualTo(version);
        assertThat(real()).as("the real assessment is unchanged").isEqualTo(before);
    }

    @Test
    void badRowsAreA422WithEveryLinesErrorsAsForAnUpload() throws Exception {
        long indicators = count("indicator");
        HttpResponse<String> r = whatIf(HEADER + "x1,2023-09-20,,NO_SUCH_TYPE,PAK,RUS,,,A1,src,one\n"
                + "x2,2023-02-30,,ALLIANCE_TREATY,PAK,RUS,,,A1,src,two\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(r.body()).contains("NO_SUCH_TYPE", "2023-02-30").doesNotContain("Exception");
        JsonNode errors = JSON.readTree(r.body()).path("errors");
        assertThat(errors.findValues("line")).extracting(JsonNode::asInt).contains(2, 3);
        assertThat(count("indicator")).isEqualTo(indicators);
    }
}
