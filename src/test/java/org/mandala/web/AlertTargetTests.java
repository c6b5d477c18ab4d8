package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** With the default settings, a subscription to a private, loopback or link-local address is refused and nothing is saved. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:alert-targets;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.security.keys[0].name=policy", "mandala.security.keys[0].role=POLICY",
        "mandala.security.keys[0].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
class AlertTargetTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest",
            "http://[::1]/hook"})
    void aPrivateTargetIsRefused(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/alerts/subscriptions")).header("Authorization", "Bearer policy-test-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"secret\":\"a-shared-secret-of-some-length\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("\"field\":\"url\"", "allow-private-targets").doesNotContain("Exception");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_subscription", Long.class)).isZero();
    }
}
