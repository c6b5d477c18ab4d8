package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ImportCommandTests {
    private static final String GDELT2 = "src/test/resources/fixtures/gdelt2-events.tsv";

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    @Test
    void importsFilesFromTheCommandLineAndRefusesABadOneWithStatusOne() {
        String url = url();
        assertThat(cli.run("import", "--format=gdelt2", "--spring.datasource.url=" + url, GDELT2)).as(cli.err()).isZero();
        assertThat(cli.out()).contains(GDELT2 + ": 5 rows, 3 accepted, 0 duplicates");
        var jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator WHERE id LIKE 'gdelt2-%'", Long.class)).isEqualTo(3);
        assertThat(cli.run("import", "--spring.datasource.url=" + url, GDELT2)).isEqualTo(1);
        assertThat(cli.err()).contains(GDELT2 + ": refused, nothing stored");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class)).isEqualTo(3);
    }

    @Test
    void helpListsTheOptionsAndImportsNothing() {
        assertThat(cli.run("import", "--help", "--spring.datasource.url=" + url(), GDELT2)).isZero();
        assertThat(cli.out()).contains("--format", "FILE", "--spring.NAME=VALUE", "--spring.profiles.active=postgres");
        assertThat(dir).isEmptyDirectory();
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownOptionNamingItAndImportsNothing() {
            assertThat(cli.run("import", "--bogus", "--spring.datasource.url=" + url(), GDELT2)).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("import: Unknown option: '--bogus'");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void aFormatItDoesNotKnow() {
            assertThat(cli.run("import", "--format=gdelt3", "--spring.datasource.url=" + url(), GDELT2)).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("'gdelt3' is not one of native, gdelt2, gdelt1, sipri");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void noFile() {
            assertThat(cli.run("import", "--format=gdelt2")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("Missing required parameter: 'FILE'");
        }
    }
}
