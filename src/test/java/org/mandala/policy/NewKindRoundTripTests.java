package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * As a policy team would, through the API only: a new indicator type in the catalogue, a new kind
 * of threat in the kinds table, a rule file that draws it and its scenario, sent as one change;
 * then an analyst's upload of the new type. {@code ENERGY_COERCION} and {@code ENERGY_CUTOFF}
 * exist nowhere in the Java code, yet the kind shows with its label in the assessment, its
 * explanation with contributions, why-not, what changed and the report; a rollback removes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:newkind;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.security.public-read=false",
        "mandala.security.keys[0].name=viewer", "mandala.security.keys[0].role=VIEWER",
        "mandala.security.keys[0].sha256=fd5827d3c9c7957462436c04f97bc1bad06303584561b9b4e93ea36115cf26d3",
        "mandala.security.keys[1].name=analyst", "mandala.security.keys[1].role=ANALYST",
        "mandala.security.keys[1].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10",
        "mandala.security.keys[2].name=policy-analyst", "mandala.security.keys[2].role=POLICY",
        "mandala.security.keys[2].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
@DirtiesContext
class NewKindRoundTripTests {
    static final Path RULES = PolicyTests.copyOfRules();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    static final String RULE = """
            package mandala.rules;
            import org.mandala.model.*;
            import java.util.List;
            global Configuration cfg;

            rule "A partner of the focus cutting its energy supply coerces it"
                @description("A partner of the focus with ENERGY_CUTOFF evidence against the focus still weighing at least MIN_WEIGHT; the score is that evidence.")
                @wording("{summary} {evidence} Confidence {confidence}.")
                salience 50
            when
                Focus( $f : state )
                $p : Partner( $ps : state )
                $e : Evidence( type == "ENERGY_CUTOFF", actor == $ps, target == $f, score >= cfg.param( "MIN_WEIGHT" ) )
            then
                insertLogical( new Threat( "ENERGY_COERCION", List.of( $ps, $f ), $e.getScore(), RiskLevel.LOW, cfg,
                        $ps + ", a partner of " + $f + ", cuts its energy supply." ).drawnBy( drools.getRule().getName(), $p, $e ) );
            end
            """;
    static final String SCENARIO = """
            scenarios:
              - name: A partner cutting the focus's energy supply coerces it
                focus: IND
                asOf: 2023-09-30
                indicators: |
                  date,type,actor,target,grade,source
                  2010-01-01,STRATEGIC_PARTNERSHIP,IND,RUS,A1,https://example.org/a
                  2023-09-01,ENERGY_CUTOFF,RUS,IND,B2,https://example.org/b
                expect:
                  - threat: ENERGY_COERCION IND,RUS
                    minLevel: ELEVATED
            """;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void rulesDir(DynamicPropertyRegistry registry) {
        registry.add("mandala.rules.dir", RULES::toString);
        registry.add("mandala.reports.dir", () -> RULES.resolveSibling(RULES.getFileName() + "-reports").toString());
    }

    HttpResponse<String> send(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, PolicyTests.ANALYST, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode energyThreat() throws Exception {
        for (JsonNode t : get("/api/assessment?asOf=2023-09-30").get("threats")) {
            if (t.get("kind").asString().equals("ENERGY_COERCION")) {
                return t;
            }
        }
        return null;
    }

    @Test
    void aNewKindWorksEverywhereWithoutJavaAndGoesWithARollback() throws Exception {
        String before = get("/api/rules").get("activeVersion").asString();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("catalogue.drl.csv", Files.readString(RULES.resolve("catalogue.drl.csv"), StandardCharsets.UTF_8)
                + "Catalogue defines ENERGY_CUTOFF,ENERGY_CUTOFF,HOSTILE,30,365,false\n");
        files.put("kinds.drl.csv", Files.readString(RULES.resolve("kinds.drl.csv"), StandardCharsets.UTF_8)
                + "Kind ENERGY_COERCION,ENERGY_COERCION,Energy coercion,A partner of the focus cuts its energy supply,ELEVATED,ACUTE,test\n");
        files.put("energy.drl", RULE);
        files.put("tests/energy.yaml", SCENARIO);
        HttpResponse<String> change = send("POST", "/api/rules/changes", PolicyTests.POLICY, JSON.writeValueAsString(Map.of("files", files)),
                "Content-Type", "application/json", "X-Change-Note", "energy coercion", "If-Match", "\"" + before + "\"");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);

        HttpResponse<String> upload = send("POST", "/api/indicators", PolicyTests.ANALYST,
                "id,date,type,actor,target,grade,source\nrus-ind-cutoff,2023-09-20,ENERGY_CUTOFF,RUS,IND,B2,https://example.org/cutoff\n",
                "Content-Type", "text/csv");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);

        JsonNode threat = energyThreat();
        assertThat(threat).as("the new kind is in the assessment").isNotNull();
        assertThat(threat.get("label").asString()).isEqualTo("Energy coercion");
        assertThat(threat.get("level").asString()).as("the kind's least level").isEqualTo("ELEVATED");
        assertThat(get("/api/assessment?asOf=2023-09-30").get("kinds").get("ENERGY_COERCION").get("label").asString())
                .isEqualTo("Energy coercion");

        JsonNode explanation = get("/api/explanations/" + threat.get("explanationId").asString());
        assertThat(explanation.get("conclusion").asString()).startsWith("Energy coercion IND–RUS ELEVATED");
        assertThat(explanation.get("rule").get("file").asString()).isEqualTo("rules/energy.drl");
        assertThat(explanation.toString()).contains("rus-ind-cutoff", "contribution");

        JsonNode held = get("/api/explanations/why-not?asOf=2023-09-30&kind=ENERGY_COERCION&actors=IND,RUS");
        assertThat(held.get("drawn").asBoolean()).isTrue();
        JsonNode failed = get("/api/explanations/why-not?asOf=2023-09-30&kind=ENERGY_COERCION&actors=IND,USA");
        assertThat(failed.get("drawn").asBoolean()).isFalse();

        JsonNode changes = get("/api/assessment/changes?from=2023-06-30&to=2023-09-30");
        assertThat(changes.get("appeared").toString()).contains("ENERGY_COERCION", "Energy coercion");

        HttpResponse<String> report = send("POST", "/api/reports?asOf=2023-09-30", PolicyTests.ANALYST, null);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
        HttpResponse<String> markdown = send("GET", JSON.readTree(report.body()).get("markdown").asString(), PolicyTests.ANALYST, null);
        assertThat(markdown.body()).contains("Energy coercion");

        HttpResponse<String> rollback = send("POST", "/api/rules/versions/" + before + "/activate", PolicyTests.POLICY, null,
                "X-Change-Note", "remove energy coercion");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(energyThreat()).as("gone with the rollback").isNull();
    }
}
