package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mandala.alert.AlertDelivery;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts as an analyst meets them: a webhook receiver subscribed, indicators uploaded that cross a
 * tripwire (Pakistan, an adversary of India, and Russia, a partner, sign an alliance: their
 * convergence, ELEVATED in the sample, rises to HIGH), one signed alert per crossing delivered despite the receiver failing its first attempts, every attempt visible,
 * the same alerts in the feed with an ETag, acknowledged by an analyst, pushed on the stream, and
 * nothing raised twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:alerts;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.alerts.allow-private-targets=true", "mandala.alerts.as-of=2023-09-30", "mandala.alerts.check=300ms",
        "mandala.alerts.delivery.interval=200ms", "mandala.alerts.delivery.first-retry=300ms", "mandala.alerts.delivery.max-retry=1s",
        "mandala.security.keys[0].name=analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10",
        "mandala.security.keys[1].name=policy", "mandala.security.keys[1].role=POLICY",
        "mandala.security.keys[1].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertTests {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ANALYST = "analyst-test-key";
    static final String POLICY = "policy-test-key";
    static final String SECRET = "a-shared-secret-of-some-length";
    static final String HEADER = "id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n";
    static final String TREATY = HEADER + "alert-pak-rus-treaty,2023-09-20,,ALLIANCE_TREATY,PAK,RUS,,,A1,https://example.org/treaty,"
            + "\"Pakistan and Russia sign a mutual defence treaty (test fixture)\"\n";
    static final String TARIFF = HEADER + "alert-usa-ind-tariff,2023-09-25,,TARIFF,USA,IND,,,A1,https://example.org/tariff,"
            + "\"Tariffs on Indian goods (test fixture)\"\n";

    /** A receiver that answers 503 to its first two requests, then 200, and keeps what it received. */
    record Received(String body, String signature, String delivery, int status) {
    }

    static HttpServer receiver;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger requests = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = requests.incrementAndGet() <= 2 ? 503 : 200;
            received.add(new Received(new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst(AlertDelivery.SIGNATURE),
                    exchange.getRequestHeaders().getFirst("X-Mandala-Delivery"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    HttpResponse<String> send(String method, String path, String key, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode alerts() throws Exception {
        return JSON.readTree(send("GET", "/api/alerts?focus=IND", null, null, null).body());
    }

    static void await(String what, long seconds, Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("waited " + seconds + " s for " + what).isLessThan(end);
            Thread.sleep(100);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    @Test
    @Order(1)
    void aSubscriptionIsCheckedAndItsSecretNeverShown() throws Exception {
        await("the first evaluation of IND", 30, () -> jdbc.queryForObject("SELECT COUNT(*) FROM alert_state", Long.class) > 0);
        assertThat(alerts().path("alerts")).as("the first evaluation raises nothing: there is nothing to compare with").isEmpty();

        HttpResponse<String> weak = send("POST", "/api/alerts/subscriptions", POLICY, "application/json",
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"secret\":\"short\"}");
        assertThat(weak.statusCode()).as(weak.body()).isEqualTo(422);
        assertThat(JSON.readTree(weak.body()).path("field").asString()).isEqualTo("secret");
        HttpResponse<String> ftp = send("POST", "/api/alerts/subscriptions", POLICY, "application/json",
                "{\"url\":\"ftp://example.org/hook\",\"secret\":\"" + SECRET + "\"}");
        assertThat(ftp.statusCode()).as(ftp.body()).isEqualTo(422);
        assertThat(ftp.body()).contains("only http and https");
        HttpResponse<String> analyst = send("POST", "/api/alerts/subscriptions", ANALYST, "application/json",
                "{\"url\":\"http://127.0.0.1:1/hook\",\"secret\":\"" + SECRET + "\"}");
        assertThat(analyst.statusCode()).isEqualTo(403);

        HttpResponse<String> ok = send("POST", "/api/alerts/subscriptions", POLICY, "application/json",
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"focus\":\"IND\",\"severity\":\"high\",\"secret\":\""
                        + SECRET + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(ok.body()).doesNotContain(SECRET).contains("\"severity\":\"HIGH\"");
        HttpResponse<String> twice = send("POST", "/api/alerts/subscriptions", POLICY, "application/json",
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"focus\":\"ind\",\"severity\":\"HIGH\",\"secret\":\""
                        + SECRET + "\"}");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(422);
        assertThat(twice.body()).contains("subscribed already");
        HttpResponse<String> unwatched = send("POST", "/api/alerts/subscriptions", POLICY, "application/json",
                "{\"url\":\"http://127.0.0.1:1/other\",\"focus\":\"PAK\",\"secret\":\"" + SECRET + "\"}");
        assertThat(unwatched.statusCode()).as(unwatched.body()).isEqualTo(422);
        assertThat(unwatched.body()).contains("raised for IND only");
        HttpResponse<String> listed = send("GET", "/api/alerts/subscriptions", POLICY, null, null);
        assertThat(listed.body()).contains("/hook").doesNotContain(SECRET);
        assertThat(send("GET", "/api/alerts/subscriptions", null, null, null).statusCode()).as("not a public read").isEqualTo(401);
    }

    @Test
    @Order(2)
    void aTreatyBetweenAnAdversaryAndAPartnerIsAlertedOncePerCrossingSignedAndRetried() throws Exception {
        HttpResponse<String> upload = send("POST", "/api/indicators", ANALYST, "text/csv", TREATY);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        await("an alert", 30, () -> alerts().path("alerts").size() >= 1);
        Thread.sleep(1000);
        JsonNode feed = alerts();
        assertThat(feed.path("alerts").findValuesAsString("key")).containsExactly("W.THREAT_RISE.PAK-RUS");
        assertThat(feed.path("unacknowledged").asLong()).isEqualTo(1);
        JsonNode alert = feed.path("alerts").get(0);
        assertThat(alert.path("was").asString()).startsWith("ELEVATED");
        assertThat(alert.path("now").asString()).startsWith("HIGH");
        for (JsonNode a : feed.path("alerts")) {
            assertThat(a.path("severity").asString()).isIn("HIGH", "SEVERE");
            assertThat(a.path("message").asString()).isNotBlank();
            // the list carries the explanation one level deep; the alert itself, and the id of what it rests on, go down to the treaty
            JsonNode restsOn = a.path("explanation").path("because").get(0).path("explanation");
            assertThat(restsOn.path("conclusion").asString()).contains("PAK–RUS");
            assertThat(restsOn.has("because")).isFalse();
            assertThat(send("GET", "/api/alerts/" + a.path("id").asLong(), null, null, null).body()).contains("alert-pak-rus-treaty");
            HttpResponse<String> opened = send("GET", "/api/explanations/" + restsOn.path("id").asString(), null, null, null);
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
            assertThat(opened.body()).contains("alert-pak-rus-treaty");
        }

        // the receiver failed the first two attempts; the alert arrives once with a 200, signed
        await("the alert delivered", 30, () -> received.stream().anyMatch(r -> r.status() == 200));
        Thread.sleep(1500);
        List<Received> delivered = received.stream().filter(r -> r.status() == 200).toList();
        assertThat(delivered).hasSize(1);
        assertThat(received.stream().filter(r -> r.status() == 503)).hasSize(2);
        List<String> keys = new ArrayList<>();
        for (Received r : delivered) {
            assertThat(r.signature()).isEqualTo("sha256=" + AlertDelivery.sign(r.body().getBytes(StandardCharsets.UTF_8), SECRET));
            keys.add(JSON.readTree(r.body()).path("key").asString());
            // what crossed, with the id that opens its explanation down to the treaty; small enough for any receiver
            assertThat(r.body()).contains(".T.PARTNER_ADVERSARY_CONVERGENCE.PAK-RUS").hasSizeLessThan(20_000);
        }
        assertThat(keys).containsExactly("W.THREAT_RISE.PAK-RUS");
        assertThat(received.stream().map(Received::delivery).distinct()).as("the same delivery, attempted three times").hasSize(1);

        // every attempt is visible to an analyst
        long retried = 0;
        StringBuilder seen = new StringBuilder();
        for (JsonNode a : feed.path("alerts")) {
            HttpResponse<String> d = send("GET", "/api/alerts/" + a.path("id").asLong() + "/deliveries", ANALYST, null, null);
            assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
            JsonNode delivery = JSON.readTree(d.body()).get(0);
            seen.append(d.body());
            assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.path("tries").get(delivery.path("tries").size() - 1).path("statusCode").asInt()).isEqualTo(200);
            retried += delivery.path("tries").findValues("statusCode").stream().filter(c -> c.asInt() == 503).count();
        }
        assertThat(retried).as(seen.toString()).isEqualTo(2);
        assertThat(send("GET", "/api/alerts/" + feed.path("alerts").get(0).path("id").asLong() + "/deliveries", null, null, null)
                .statusCode()).isEqualTo(401);

        // the same rows again are no new data version: nothing more is raised
        send("POST", "/api/indicators", ANALYST, "text/csv", TREATY);
        Thread.sleep(1500);
        assertThat(alerts().path("alerts").size()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theFeedHasAnEtagAndAnAnalystAcknowledges() throws Exception {
        HttpResponse<String> first = send("GET", "/api/alerts?focus=IND&severity=HIGH", null, null, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/api/alerts?focus=IND&severity=HIGH", null, null, null, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(JSON.readTree(send("GET", "/api/alerts?focus=IND&severity=SEVERE", null, null, null).body()).path("alerts")).isEmpty();
        long id = JSON.readTree(first.body()).path("alerts").get(0).path("id").asLong();

        assertThat(send("POST", "/api/alerts/" + id + "/acknowledge", null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> ack = send("POST", "/api/alerts/" + id + "/acknowledge", ANALYST, null, null);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(JSON.readTree(ack.body()).path("acknowledgedBy").asString()).isEqualTo("analyst");
        HttpResponse<String> after = send("GET", "/api/alerts?focus=IND&severity=HIGH", null, null, null, "If-None-Match", etag);
        assertThat(after.statusCode()).as("an acknowledgement changes the feed").isEqualTo(200);
        assertThat(JSON.readTree(after.body()).path("unacknowledged").asLong()).isZero();
        HttpResponse<String> again = send("POST", "/api/alerts/" + id + "/acknowledge", ANALYST, null, null);
        assertThat(JSON.readTree(again.body()).path("acknowledgedAt").asString())
                .as("acknowledged once").isEqualTo(JSON.readTree(ack.body()).path("acknowledgedAt").asString());

        assertThat(send("GET", "/api/alerts?severity=EXTREME", null, null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/alerts?since=yesterday", null, null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/alerts/99999", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void theStreamPushesANewAlert() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/alerts/stream?focus=IND"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            HttpResponse<String> upload = send("POST", "/api/indicators", ANALYST, "text/csv", TARIFF);
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            String event = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String line; System.nanoTime() < end && (line = lines.readLine()) != null; ) {
                if (line.startsWith("data:") && line.contains("W.NEW_COERCION.IND-USA")) {
                    event = line;
                    break;
                }
            }
            assertThat(event).as("an alert event for the new coercion").isNotNull();
            assertThat(JSON.readTree(event.substring("data:".length())).path("severity").asString()).isIn("ELEVATED", "HIGH", "SEVERE");
        }
        // below the subscription's least severity: not sent
        Thread.sleep(1000);
        assertThat(received.stream().map(Received::body)).noneMatch(b -> b.contains("W.NEW_COERCION"));
    }

    @Test
    @Order(5)
    void whyNotAnswersForATripwireFromThePremisesBesideItsRule() throws Exception {
        // the last change is the tariff: the coercion is new, and the PAK–RUS rise happened a change earlier
        JsonNode coercion = JSON.readTree(send("GET", "/api/explanations/why-not?focus=IND&asOf=2023-09-30&kind=NEW_COERCION&actors=USA",
                null, null, null).body());
        assertThat(coercion.path("drawn").asBoolean()).as(coercion.toString()).isTrue();
        assertThat(coercion.path("rules").get(0).path("conditions").findValuesAsString("text"))
                .containsExactly("USA coerces IND", "USA did not coerce IND before the last change");

        HttpResponse<String> r = send("GET", "/api/explanations/why-not?focus=IND&asOf=2023-09-30&kind=THREAT_RISE&actors=PAK,RUS",
                null, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rise = JSON.readTree(r.body());
        assertThat(rise.path("drawn").asBoolean()).isFalse();
        JsonNode rule = rise.path("rules").get(0);
        assertThat(rule.path("name").asString()).isEqualTo("A threat rising a level is a warning");
        assertThat(rule.path("file").asString()).isEqualTo("rules/warnings.drl");
        assertThat(rule.path("conditions").findValuesAsString("text"))
                .containsExactly("a threat of PAK, RUS at WARN_THREAT_RISE_LEVEL or above", "one of them a level lower before the last change");
        assertThat(rule.path("conditions").findValues("held")).extracting(JsonNode::asBoolean).containsExactly(true, false);
    }
}
