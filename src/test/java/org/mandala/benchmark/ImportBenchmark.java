package org.mandala.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.opencsv.CSVReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.indicator.ImportReport;
import org.mandala.indicator.StorageAccess;

/**
 * The import benchmark on both databases: {@code ./mvnw -B test -Dtest=ImportBenchmark -Dbenchmark=true}.
 * Generates N indicators (100,000, or {@code -Dbenchmark.rows=...}), times the raw OpenCSV parse of
 * the file and its import into H2 and into a real PostgreSQL server started for the run, and
 * writes the figures to {@code reports/benchmarks-import.md}. Off in the normal build.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ImportBenchmark {

    @TempDir
    Path dir;

    @Test
    void importIntoH2AndPostgresAgainstTheRawParse() throws Exception {
        int n = Integer.getInteger("benchmark.rows", 100_000);
        Path csv = dir.resolve("generated.csv");
        IndicatorGenerator.write(csv, n, 42);
        parse(csv);
        long p0 = System.nanoTime();
        parse(csv);
        double parseMs = (System.nanoTime() - p0) / 1e6;
        double parseRate = n / (parseMs / 1000);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "| Raw OpenCSV parse of %,d rows (warm) | %,.1f ms | %,.0f rows/s |", n, parseMs, parseRate));

        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        h2.setUser("sa");
        rows.add(importInto("H2 (file)", h2, csv, n, parseRate));
        rows.add(bareLoad("H2's own CSVREAD into a table without keys or indexes (no checks, no dedup)", h2,
                "INSERT INTO bare SELECT * FROM CSVREAD('" + csv.toAbsolutePath() + "')", null, n, parseRate));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            rows.add(importInto("PostgreSQL (embedded server, same machine)", pg.getPostgresDatabase(), csv, n, parseRate));
            rows.add(bareLoad("PostgreSQL's own COPY into an UNLOGGED table without keys or indexes (no checks, no dedup)",
                    pg.getPostgresDatabase(), "COPY bare FROM STDIN WITH (FORMAT csv, HEADER true)", csv, n, parseRate));
        }

        StringBuilder md = new StringBuilder("# Import benchmark\n\n");
        md.append("Written by `./mvnw -B test -Dtest=ImportBenchmark -Dbenchmark=true` (see README), one run, one machine.\n");
        md.append("The import checks and stages every row in one read, then stores the file in one transaction (a set-based\n");
        md.append("`INSERT ... SELECT ... ON CONFLICT DO NOTHING` per 10,000 staged rows); the raw parse only reads the CSV. The bare loads\n");
        md.append("are each database's own fastest way in for the same file, with nothing Mandala does: the ceiling of any import.\n\n");
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- Cores: ").append(Runtime.getRuntime().availableProcessors()).append(", Java ").append(System.getProperty("java.version"))
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MB\n\n");
        md.append("| what | time | rate |\n|---|---:|---:|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Files.createDirectories(Path.of("reports"));
        Files.writeString(Path.of("reports/benchmarks-import.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static String importInto(String name, DataSource ds, Path csv, int n, double parseRate) {
        Flyway.configure().dataSource(ds).load().migrate();
        long t0 = System.nanoTime();
        ImportReport report = StorageAccess.importer(ds).importFile(csv, "generated.csv", "native");
        double ms = (System.nanoTime() - t0) / 1e6;
        double rate = report.accepted() / (ms / 1000);
        return String.format(Locale.ROOT, "| Import of the same %,d rows into %s (cold JVM paths on the first) | %,.1f ms | %,.0f rows/s, %.3f× the parse |",
                n, name, ms, rate, rate / parseRate);
    }

    /** The database's own bulk load of the raw file into a bare table: what no import can beat. */
    private static String bareLoad(String name, DataSource ds, String sql, Path copyFrom, int n, double parseRate) throws Exception {
        try (var con = ds.getConnection(); var st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bare");
            st.execute((copyFrom != null ? "CREATE UNLOGGED TABLE" : "CREATE TABLE") + " bare (id VARCHAR(128), event_date VARCHAR(10),"
                    + " type VARCHAR(64), actor VARCHAR(8), target VARCHAR(8), grade VARCHAR(2), source VARCHAR(2000))");
            long t0 = System.nanoTime();
            if (copyFrom != null) {
                try (Reader in = Files.newBufferedReader(copyFrom, StandardCharsets.UTF_8)) {
                    new org.postgresql.copy.CopyManager(con.unwrap(org.postgresql.core.BaseConnection.class)).copyIn(sql, in);
                }
            } else {
                st.execute(sql);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            double rate = n / (ms / 1000);
            return String.format(Locale.ROOT, "| %s, same %,d rows | %,.1f ms | %,.0f rows/s, %.3f× the parse |", name, n, ms, rate,
                    rate / parseRate);
        }
    }

    private static long parse(Path csv) throws IOException, com.opencsv.exceptions.CsvValidationException {
        long count = 0;
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVReader reader = new CSVReader(in)) {
            while (reader.readNext() != null) {
                count++;
            }
        }
        return count;
    }
}
