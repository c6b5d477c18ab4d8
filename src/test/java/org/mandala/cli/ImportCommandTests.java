package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.MandalaApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ImportCommandTests {

    @TempDir
    Path dir;

    @Test
    void importsFilesFromTheCommandLineAndRefusesABadOneWithStatusOne() {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        int ok = ImportCommand.run(MandalaApplication.class, new String[] {"import", "--format=gdelt2", "--spring.datasource.url=" + url,
                "src/test/resources/fixtures/gdelt2-events.tsv"});
        assertThat(ok).isZero();
        var jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator WHERE id LIKE 'gdelt2-%'", Long.class)).isEqualTo(3);
        int refused = ImportCommand.run(MandalaApplication.class, new String[] {"import", "--spring.datasource.url=" + url,
                "src/test/resources/fixtures/gdelt2-events.tsv"});
        assertThat(refused).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class)).isEqualTo(3);
    }
}
