package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.benchmark.IndicatorGenerator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A process killed in the middle of an import leaves nothing of that file behind, on H2 and on PostgreSQL. */
class KilledImportTests {

    @TempDir
    Path dir;

    @Test
    void onH2() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        killMidImport(url, "sa");
        var jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT version FROM data_state", Long.class)).isZero();
    }

    @Test
    void onPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            killMidImport(url, "postgres");
            var jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT version FROM data_state", Long.class)).isZero();
        }
    }

    private void killMidImport(String url, String user) throws IOException, InterruptedException {
        Path csv = dir.resolve("big.csv");
        IndicatorGenerator.write(csv, 30_000, 7);
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ImportUntilKilled.class.getName(), url, user, csv.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean storing = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("STORING")) {
                    storing = true;
                    break;
                }
            }
            assertThat(storing).as("the child process got as far as storing rows").isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.exists(csv)).isTrue();
    }
}
