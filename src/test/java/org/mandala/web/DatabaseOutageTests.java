package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.mandala.MandalaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real PostgreSQL server stopped under a running replica: requests that need it answer 503 with
 * Retry-After within seconds instead of hanging, readiness goes down so a balancer takes the
 * replica out, and liveness stays up so nothing restarts it for the database's sake.
 */
class DatabaseOutageTests {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileTheDatabaseIsDownRequestsAnswer503QuicklyAndReadinessGoesDown() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        boolean stopped = false;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(MandalaApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--mandala.security.public-read=true", "--mandala.rules.poll=1h",
                "--mandala.reports.dir=target/outage-reports")) {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            HttpResponse<String> served = get(port, "/api/assessment?asOf=2023-09-30");
            assertThat(served.statusCode()).isEqualTo(200);
            String etag = served.headers().firstValue("ETag").orElseThrow();

            postgres.close();
            stopped = true;
            // a dashboard's poll of what it already shows is decided on the versions the replica knows, with
            // no query: it goes on answering 304 (nothing can change while the store is down)
            HttpResponse<String> poll = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-09-30")).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(poll.statusCode()).isEqualTo(304);
            long start = System.nanoTime();
            HttpResponse<String> r = get(port, "/api/assessment?asOf=2023-08-31");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(millis).as("answered within the pool's connection timeout, not after a hang").isLessThan(15_000);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("database").doesNotContain("Exception", "\tat ");
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            if (!stopped) {
                postgres.close();
            }
        }
    }
}
