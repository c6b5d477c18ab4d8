package org.mandala.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.mandala.indicator.ImportReport;
import org.mandala.indicator.IndicatorImportService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The import into PostgreSQL against PostgreSQL's own {@code COPY} into a table keyed like
 * {@code indicator}, on the same generated CSV: runs the service a second time against the given
 * server, in a schema of its own made for the run and dropped after it (Flyway migrates it, the
 * sample facts load as on H2), imports the file through {@link IndicatorImportService} and then
 * loads it with {@link ImportBaseline}. Without a server the row says how to give one.
 */
final class PostgresImportBenchmark {

    /** Where a figure goes: what, time, note. */
    interface Rows {
        void row(String what, String time, String note);
    }

    private PostgresImportBenchmark() {
    }

    static void run(Class<?> application, String url, String user, String password, Path csv, long n, Rows rows) {
        if (url == null || url.isBlank()) {
            rows.row("Import of the same " + count(n) + " rows into PostgreSQL", "not measured", "give --postgres=JDBC_URL"
                    + " (and --postgres-user, --postgres-password) to measure it against PostgreSQL's own COPY");
            return;
        }
        String schema = "mandala_benchmark_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            execute(url, user, password, "CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            rows.row("Import of the same " + count(n) + " rows into PostgreSQL", "not measured", "the server at " + url
                    + " refused: " + e.getMessage());
            return;
        }
        try {
            String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + schemaUrl,
                    "--spring.datasource.username=" + (user == null ? "" : user),
                    "--spring.datasource.password=" + (password == null ? "" : password),
                    "--spring.flyway.default-schema=" + schema,
                    "--logging.level.root=WARN", "--logging.level.org.mandala=INFO",
                    "--mandala.alerts.enabled=false", "--mandala.trends.precompute=false");
            try {
                IndicatorImportService importer = ctx.getBean(IndicatorImportService.class);
                DataSource ds = ctx.getBean(DataSource.class);
                // PostgreSQL's own load once before the import and once after: the best is the yardstick
                ImportBaseline.Load loadBefore = ImportBaseline.load(ds, csv);
                long t0 = System.nanoTime();
                ImportReport report = importer.importFile(csv, csv.getFileName().toString(), "native");
                double importMs = (System.nanoTime() - t0) / 1e6;
                double importRate = report.accepted() / (importMs / 1000);
                String keys = ImportBaseline.describe(ds);
                rows.row("Import of the same " + count(n) + " rows into PostgreSQL (" + serverVersion(ds) + ", " + url + ")",
                        String.format(Locale.ROOT, "%,.1f ms", importMs), String.format(Locale.ROOT, "%,.0f rows/s, %,d stored",
                                importRate, report.accepted()));
                ImportBaseline.Load load = ImportBaseline.best(loadBefore, ImportBaseline.load(ds, csv));
                rows.row("PostgreSQL's own COPY FROM STDIN of the same file into a fresh table keyed like indicator, best of 2 (before"
                                + " and after the import; " + keys + ")",
                        String.format(Locale.ROOT, "%,.1f ms", load.ms()), ImportBaseline.note(load, importRate, "PostgreSQL's own COPY"));
            } finally {
                ctx.close();
            }
        } finally {
            try {
                execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                rows.row("PostgreSQL schema " + schema, "left behind", "dropping it failed: " + e.getMessage());
            }
        }
    }

    private static String serverVersion(DataSource ds) {
        try (Connection con = ds.getConnection()) {
            return con.getMetaData().getDatabaseProductName() + " " + con.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "PostgreSQL";
        }
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try (Connection con = DriverManager.getConnection(url, props); Statement st = con.createStatement()) {
            st.execute(sql);
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
