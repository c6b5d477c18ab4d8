package org.mandala.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The database's own bulk load of a generated indicator CSV into a fresh table keyed and indexed
 * exactly like {@code indicator} (its primary key, its unique id and every secondary index, read
 * from the database's metadata, so a migration that adds or drops one changes both sides): the
 * yardstick of the import. H2 loads with {@code INSERT ... SELECT ... FROM CSVREAD(...)} (a
 * {@code CREATE TABLE ... AS SELECT} would have no keys), PostgreSQL with {@code COPY ... FROM STDIN}
 * through the driver's {@code CopyManager}. No checks, no deduplication, no data version: only the
 * database's own parse, its writes and its index maintenance. The table is dropped afterwards.
 */
public final class ImportBaseline {
    /** The table loaded; dropped before and after. */
    static final String TABLE = "baseline_indicator";

    /** A load's figures: rows loaded and how long it took. */
    public record Load(long rows, double ms) {
        public double rate() {
            return rows / (ms / 1000);
        }
    }

    private ImportBaseline() {
    }

    /**
     * Loads the generated CSV ({@code id,date,type,actor,target,grade,source} with a header) into a
     * fresh table keyed like {@code indicator}, with the database's own bulk load, in one transaction.
     */
    public static Load load(DataSource ds, Path csv) {
        try (Connection con = ds.getConnection()) {
            boolean postgres = con.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            keyedTable(con);
            try {
                long t0 = System.nanoTime();
                long rows;
                if (postgres) {
                    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                        rows = new org.postgresql.copy.CopyManager(con.unwrap(org.postgresql.core.BaseConnection.class))
                                .copyIn("COPY " + TABLE + " (id, event_date, type, actor, target, grade, source) FROM STDIN"
                                        + " WITH (FORMAT csv, HEADER true)", in);
                    }
                } else {
                    try (Statement st = con.createStatement()) {
                        rows = st.executeUpdate("INSERT INTO " + TABLE + " (id, event_date, type, actor, target, grade, source)"
                                + " SELECT id, \"date\", type, actor, target, grade, source FROM CSVREAD('"
                                + csv.toAbsolutePath().toString().replace("'", "''")
                                + "', NULL, 'charset=UTF-8 caseSensitiveColumnNames=true')");
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                return new Load(rows, ms);
            } finally {
                try (Statement st = con.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + TABLE);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the baseline load failed: " + e.getMessage(), e);
        }
    }

    /** The faster of two loads. */
    public static Load best(Load a, Load b) {
        return a.ms() <= b.ms() ? a : b;
    }

    /** The secondary indexes of {@code indicator} (name to columns, unique marked), as the database reports them. */
    static Map<String, String> indexes(Connection con) throws SQLException {
        DatabaseMetaData meta = con.getMetaData();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        try (ResultSet rs = meta.getIndexInfo(null, con.getSchema(), table(meta, "indicator"), false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (name == null || column == null) {
                    continue;
                }
                columns.computeIfAbsent(name, k -> new ArrayList<>()).add(column.toLowerCase(Locale.ROOT));
                unique.put(name, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        columns.forEach((name, cols) -> {
            if (!cols.equals(List.of("seq"))) {
                // the primary key's index is the table's own, declared with it
                result.put(name, (unique.get(name) ? "UNIQUE " : "") + "(" + String.join(", ", cols) + ")");
            }
        });
        return result;
    }

    private static String table(DatabaseMetaData meta, String name) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** A fresh table with indicator's columns, primary key, unique id and secondary indexes; data_version defaults to 1. */
    private static void keyedTable(Connection con) throws SQLException {
        Map<String, String> indexes = indexes(con);
        try (Statement st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " id VARCHAR(128) NOT NULL, event_date DATE NOT NULL, until_date DATE, type VARCHAR(64) NOT NULL,"
                    + " actor VARCHAR(8) NOT NULL, target VARCHAR(8) NOT NULL, magnitude DOUBLE PRECISION, unit VARCHAR(16),"
                    + " grade CHAR(2) NOT NULL, source VARCHAR(2000), summary VARCHAR(2000), data_version BIGINT NOT NULL DEFAULT 1)");
            int i = 0;
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                String definition = index.getValue();
                boolean isUnique = definition.startsWith("UNIQUE ");
                st.execute("CREATE " + (isUnique ? "UNIQUE " : "") + "INDEX " + TABLE + "_" + (i++) + " ON " + TABLE + " "
                        + (isUnique ? definition.substring("UNIQUE ".length()) : definition));
            }
        }
    }

    /** What the keyed table has besides its primary key, for the report: e.g. "unique id, 4 secondary indexes". */
    public static String describe(DataSource ds) {
        try (Connection con = ds.getConnection()) {
            Map<String, String> indexes = indexes(con);
            List<String> secondary = indexes.values().stream().filter(d -> !d.startsWith("UNIQUE ")).toList();
            return "primary key seq, unique " + String.join(" ", indexes.values().stream()
                    .filter(d -> d.startsWith("UNIQUE ")).map(d -> d.substring("UNIQUE ".length())).toList()) + ", "
                    + secondary.size() + " secondary indexes " + String.join(" ", secondary);
        } catch (SQLException e) {
            return "keys not read: " + e.getMessage();
        }
    }

    /** The note of a load row: its rate and the import's ratio to it, with the target. */
    static String note(Load load, double importRate, String database) {
        double ratio = importRate / load.rate();
        return String.format(Locale.ROOT, "%,.0f rows/s; the import above is **%.2f× %s into a table keyed like indicator**"
                + " (target ≥ 0.5×: %s)", load.rate(), ratio, database, ratio >= 0.5 ? "met" : "not met");
    }
}
