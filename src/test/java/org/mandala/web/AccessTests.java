package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may read what, the headers every answer carries, and errors that never reach a controller,
 * end to end over HTTP on the default profile (reads public). Requests an HTTP client refuses to
 * send go over a raw socket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:access;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.security.public-read=true",
        "mandala.security.keys[0].name=viewer", "mandala.security.keys[0].role=VIEWER",
        "mandala.security.keys[0].sha256=fd5827d3c9c7957462436c04f97bc1bad06303584561b9b4e93ea36115cf26d3",
        "mandala.security.keys[1].name=analyst", "mandala.security.keys[1].role=ANALYST",
        "mandala.security.keys[1].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10"})
class AccessTests {
    static final String VIEWER = "viewer-test-key";
    static final String ANALYST = "analyst-test-key";
    static final Path REPORTS = tempDir("mandala-reports-");
    static final Path OUTSIDE = tempDir("mandala-outside-");
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void reportsDir(DynamicPropertyRegistry registry) {
        registry.add("mandala.reports.dir", REPORTS::toString);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the bytes as they are and reads the whole answer: head and body. */
    String raw(String request) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"status\":" + status);
    }

    @Nested
    class WhoReadsRules {
        static final List<String> GOVERNANCE = List.of("/api/rules", "/api/rules/status", "/api/rules/versions",
                "/api/rules/files/levels.drl.csv", "/api/decisions", "/api/decisions/1");

        @Test
        void rulesVersionsAndTheDecisionLogNeedAnAnalystEvenWhenReadsArePublic() throws Exception {
            for (String path : GOVERNANCE) {
                HttpResponse<String> anonymous = get(path, null);
                assertProblem(anonymous, 401);
                HttpResponse<String> viewer = get(path, VIEWER);
                assertProblem(viewer, 403);
                assertThat(viewer.body()).as(path).contains("ANALYST needed");
            }
            assertThat(get("/api/rules", ANALYST).statusCode()).isEqualTo(200);
            assertThat(get("/api/rules/status", ANALYST).statusCode()).isEqualTo(200);
            assertThat(get("/api/decisions", ANALYST).statusCode()).isEqualTo(200);
        }

        @Test
        void theAssessmentItsExplanationsHistoryIndicatorsAndTheDashboardStayPublic() throws Exception {
            for (String path : List.of("/", "/assets/app.js", "/api/assessment?asOf=2023-09-30",
                    "/api/assessment/history?from=2023-01-01&to=2023-09-30&step=month", "/api/indicators",
                    "/api/reference/states", "/api/me")) {
                assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Nested
    class Headers {

        @ParameterizedTest
        @ValueSource(strings = {"/", "/api/assessment?asOf=2023-09-30", "/api/nothing-here"})
        void everyAnswerCarriesAContentSecurityAndAReferrerPolicy(String path) throws Exception {
            HttpResponse<String> r = get(path, null);
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval"));
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }

        @Test
        void aPollOfAnUnchangedAssessmentIsA304WithItsTagAndTheSameHeaders() throws Exception {
            HttpResponse<String> first = get("/api/assessment?asOf=2023-09-30", null);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> poll = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-09-30"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(poll.statusCode()).isEqualTo(304);
            assertThat(poll.body()).isEmpty();
            assertThat(poll.headers().firstValue("ETag")).hasValue(etag);
            assertThat(poll.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(poll.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(poll.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            // a cache keeps the 304 apart from the gzipped answer as it keeps the 200s (RFC 9110, 15.4.5)
            assertThat(poll.headers().firstValue("Vary")).hasValue("Accept-Encoding");
            // any current answer matches *
            HttpResponse<String> any = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-09-30"))
                    .header("If-None-Match", "*").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(any.statusCode()).isEqualTo(304);
            assertThat(any.headers().firstValue("ETag")).hasValue(etag);
            // another date, or a tag that no longer holds, is answered in full; a bad date says what is wrong
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-08-31"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/assessment?asOf=2023-02-30"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("no such day");
        }
    }

    @Nested
    class CachedAnswers {

        @Test
        void anAssessmentAskedAgainIsTheSameAnswerWithTheSameHeadersAndGzippedForAReaderThatTakesIt() throws Exception {
            HttpResponse<String> first = get("/api/assessment?asOf=2023-09-30", null);
            HttpResponse<String> again = get("/api/assessment?asOf=2023-09-30", null);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
            for (String h : List.of("ETag", "Cache-Control", "Content-Type", "Content-Security-Policy", "Referrer-Policy",
                    "X-Content-Type-Options", "X-Frame-Options")) {
                assertThat(again.headers().firstValue(h)).as(h).isEqualTo(first.headers().firstValue(h)).isPresent();
            }
            // the sample's answer is over 8 KB: it travels gzipped to a reader that says it takes gzip, and only to it
            HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/assessment?asOf=2023-09-30")).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(zipped.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(first.body());
            }
            assertThat(zipped.body().length).isLessThan(first.body().length() / 2);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/assessment?asOf=2023-09-30")).header("Accept-Encoding", "gzip;q=0, identity").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(refused.body()).isEqualTo(first.body());
            // an unknown key is refused, cached answer or not
            assertThat(get("/api/assessment?asOf=2023-09-30", "no-such-key").statusCode()).isEqualTo(401);
        }

        @ParameterizedTest
        @ValueSource(strings = {"focus=IND&focus=PAK&asOf=2023-07-31", "focus=IND&asOf=2023-07-31&asOf=2020-01-01",
                "focus=IND&asOf=2023-07-31&asOf=garbage"})
        void aRepeatedParameterIsRefusedWhetherTheAssessmentIsCachedOrNot(String query) throws Exception {
            assertProblem(get("/api/assessment?" + query, null), 400);
            assertThat(get("/api/assessment?focus=IND&asOf=2023-07-31", null).statusCode()).isEqualTo(200);
            assertProblem(get("/api/assessment?" + query, null), 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api/assessment?focus=%zz&asOf=2023-09-30", "/api/assessment?focus=IND%zz&asOf=2023-09-30",
                "/api/assessment/flows?focus=%zz&asOf=2023-09-30&limit=1", "/api/indicators?actor=%zz&size=1"})
        void aQueryWithABadEscapeIsRefusedNotReadAsNoQuery(String target) throws Exception {
            // the sample's assessment of IND at that date is cached, so the filter answers what it can
            assertThat(get("/api/assessment?focus=IND&asOf=2023-09-30", null).statusCode()).isEqualTo(200);
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            ErrorsOutsideTheControllers.assertRawProblem(answer);
            assertThat(answer).contains("bad % escape");
        }
    }

    @Nested
    class ReportFiles {

        @Test
        void aReportFileIsServed() throws Exception {
            Files.writeString(REPORTS.resolve("mandala-report-served.md"), "# A report\n");
            HttpResponse<String> r = get("/api/reports/mandala-report-served.md", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("# A report\n");
        }

        @Test
        void aSymlinkInTheReportsDirectoryIsNotFollowed() throws Exception {
            Path secret = Files.writeString(OUTSIDE.resolve("secret.txt"), "not for the web");
            Files.createSymbolicLink(REPORTS.resolve("mandala-report-link.md"), secret);
            Files.writeString(REPORTS.resolve("mandala-report-inside.md"), "inside");
            Files.createSymbolicLink(REPORTS.resolve("mandala-report-inner-link.md"), REPORTS.resolve("mandala-report-inside.md"));
            for (String name : List.of("mandala-report-link.md", "mandala-report-inner-link.md")) {
                HttpResponse<String> r = get("/api/reports/" + name, null);
                assertProblem(r, 404);
                assertThat(r.body()).doesNotContain("not for the web");
            }
        }
    }

    @Nested
    class ErrorsOutsideTheControllers {

        @Test
        void theErrorPathAskedForDirectlyIsNotFound() throws Exception {
            HttpResponse<String> r = get("/error", null);
            assertProblem(r, 404);
            assertThat(r.body()).doesNotContain("999");
        }

        @ParameterizedTest
        @ValueSource(strings = {"//api/assessment", "/api/assessment;x=1", "/api/%2e%2e/assessment", "/api/%2e/assessment",
                "/api/assessment%00", "/api/a%5Cb"})
        void aRequestTheFirewallRejectsIsAProblem(String target) throws Exception {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
            assertRawProblem(answer);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "GET /api/%zz HTTP/1.1", // bad percent-encoding
                "GET /api/a%2Fb HTTP/1.1", // an encoded slash
                "GET /api/{x} HTTP/1.1", // characters a request target may not hold
                "GET /api/a|b HTTP/1.1",
                "GET /api/assessment HTTP/1.1 extra", // a malformed request line
                "G\u0001T / HTTP/1.1"})
        void aRequestTomcatRejectsIsAProblem(String requestLine) throws Exception {
            String answer = raw(requestLine + "\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
            assertRawProblem(answer);
        }

        static void assertRawProblem(String answer) {
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(answer)
                    .contains("content-type: application/problem+json")
                    .doesNotContain("<html", "<!doctype", "exception", "tomcat", "\tat ");
            assertThat(answer).contains("\"status\":400");
            // the headers of every other answer, though it never reached the security chain
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(answer)
                    .contains("content-security-policy: default-src 'self'", "x-content-type-options: nosniff", "x-frame-options: deny",
                            "referrer-policy: no-referrer");
        }
    }
}
