package org.mandala.indicator;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Indicator storage: append-only rows stamped with the data version of the import that added them. */
@Repository
public class IndicatorRepository {

    /** A stored indicator with its storage sequence number. */
    public record Stored(long seq, Indicator indicator) {
    }

    /** Filters of the indicator list; a {@code null} filter does not restrict. */
    public record Filter(String actor, String target, String type, LocalDate from, LocalDate to) {
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final tools.jackson.core.type.TypeReference<java.util.Map<String, Long>> SKIPPED = new tools.jackson.core.type.TypeReference<>() { };
    private static final String COLUMNS = "seq, id, event_date, until_date, type, actor, target, magnitude, unit, grade, source, summary";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    /** The data version as this replica last learnt it; -1 before the first read. */
    private final java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong(-1);
    /** When (System.nanoTime) an import of this replica last committed a new version. */
    private volatile long advancedAt = System.nanoTime();

    IndicatorRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** The data version: it changes whenever indicators are added. */
    /** When a data version was stored (its import's time); empty for version 0, the empty store. */
    public java.util.Optional<java.time.Instant> storedAt(long dataVersion) {
        return jdbc.queryForList("SELECT created_at FROM import_batch WHERE data_version = ?", java.sql.Timestamp.class, dataVersion)
                .stream().findFirst().map(java.sql.Timestamp::toInstant);
    }

    public long currentVersion() {
        Long v = jdbc.queryForObject("SELECT version FROM data_state WHERE id = 1", Long.class);
        return v == null ? 0 : v;
    }

    /**
     * The data version as this replica knows it, without a query: the version its own imports committed,
     * at once, and another replica's within {@code mandala.data.follow} ({@link DataVersionFollower}).
     * A poll answered {@code 304} is decided on it, so it touches no database.
     */
    public long knownVersion() {
        long v = known.get();
        return v >= 0 ? v : followVersion();
    }

    /**
     * Reads the database's data version and learns it. A read that began before this replica's own
     * import committed a newer version does not take that version back; any later read is the truth,
     * lower too (a restored database).
     */
    public long followVersion() {
        long began = System.nanoTime();
        long v = currentVersion();
        return known.updateAndGet(k -> v >= k || began - advancedAt > 0 ? v : k);
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM indicator", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Takes the next data version, locking it until the transaction ends. Call inside a transaction.
     * Waits at most {@code wait} for another replica's import to release it; past that the database
     * refuses with a lock timeout (see {@link #isLockTimeout}) and the transaction must roll back.
     */
    long takeNextVersion(java.time.Duration wait) {
        String ms = String.valueOf(Math.max(1, wait.toMillis()));
        if (isPostgres()) {
            // set_config(..., true) is SET LOCAL: it ends with the transaction at the latest
            String before = jdbc.queryForObject("SELECT current_setting('lock_timeout')", String.class);
            jdbc.queryForObject("SELECT set_config('lock_timeout', ?, true)", String.class, ms);
            jdbc.update("UPDATE data_state SET version = version + 1 WHERE id = 1");
            jdbc.queryForObject("SELECT set_config('lock_timeout', ?, true)", String.class, before);
        } else {
            // H2's lock timeout is a session setting: put the pooled connection's own back afterwards
            Integer before = jdbc.queryForObject("SELECT LOCK_TIMEOUT()", Integer.class);
            jdbc.execute("SET LOCK_TIMEOUT " + ms);
            try {
                jdbc.update("UPDATE data_state SET version = version + 1 WHERE id = 1");
            } finally {
                jdbc.execute("SET LOCK_TIMEOUT " + before);
            }
        }
        long version = currentVersion();
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // this replica answers with the new version as soon as it is committed, not a follow interval later
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            advancedAt = System.nanoTime();
                            known.accumulateAndGet(version, Math::max);
                        }
                    });
        }
        return version;
    }

    /** The database gave up waiting for a lock: PostgreSQL's lock_not_available, H2's lock timeout. */
    static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("55P03".equals(sql.getSQLState()) || sql.getErrorCode() == 50200)) {
                return true;
            }
        }
        return false;
    }

    private Boolean postgres;

    private boolean isPostgres() {
        if (postgres == null) {
            postgres = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection con) ->
                    con.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
        }
        return postgres;
    }

    private Boolean h2ReadsFiles;

    /**
     * Whether H2 can read the staged file itself: the database runs in this process (not behind a
     * TCP server, which would look for the file on its own machine) and the user is an admin, as
     * {@code CSVREAD} requires.
     */
    private boolean h2ReadsFiles() {
        if (h2ReadsFiles == null) {
            h2ReadsFiles = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection con) -> {
                String url = con.getMetaData().getURL().toLowerCase(java.util.Locale.ROOT);
                if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
                    return false;
                }
                try (var st = con.createStatement();
                     var rs = st.executeQuery("SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER")) {
                    return rs.next() && rs.getBoolean(1);
                } catch (SQLException e) {
                    return false;
                }
            }));
        }
        return h2ReadsFiles;
    }

    private static final String INSERTED = "id, event_date, until_date, type, actor, target, magnitude, unit, grade, source, summary, data_version";

    /**
     * Stores the rows of one file staged by {@link StagedRows} with the data version, in their order,
     * with one set-based move; a row whose id is stored already, or came earlier in the same file, is left
     * alone. Returns how many were stored. Call inside the import's transaction.
     * <ul>
     * <li>PostgreSQL: one {@code COPY} of the whole file, streamed from disk, into a temporary
     * staging table (not written to the WAL, private to the session, dropped at commit), then one
     * {@code INSERT ... SELECT ... ORDER BY ord ON CONFLICT DO NOTHING}.</li>
     * <li>H2 in this process: one {@code INSERT ... SELECT ... FROM CSVREAD(staged file) ON CONFLICT DO NOTHING};
     * {@code CSVREAD} yields the rows in the file's order.</li>
     * <li>H2 behind a server, or a user without admin rights: the staged rows read back and inserted in
     * JDBC batches.</li>
     * </ul>
     */
    long insertStaged(java.nio.file.Path staged, long version) {
        if (isPostgres()) {
            return copyStaged(staged, version);
        }
        if (h2ReadsFiles()) {
            return jdbc.execute((java.sql.Connection con) -> {
                try (var st = con.createStatement()) {
                    return st.executeLargeUpdate("INSERT INTO indicator (" + INSERTED + ") SELECT id, CAST(event_date AS DATE),"
                            + " CAST(until_date AS DATE), type, actor, target, CAST(magnitude AS DOUBLE PRECISION), unit, grade, source,"
                            + " summary, " + version + " FROM CSVREAD('" + staged.toAbsolutePath().toString().replace("'", "''")
                            + "', NULL, 'charset=UTF-8 caseSensitiveColumnNames=true') ON CONFLICT DO NOTHING");
                }
            });
        }
        long[] stored = {0};
        List<Indicator> pending = new ArrayList<>(BATCH);
        StagedRows.readBack(staged, row -> {
            pending.add(row);
            if (pending.size() == BATCH) {
                stored[0] += batchInsert(pending, version);
                pending.clear();
            }
        });
        if (!pending.isEmpty()) {
            stored[0] += batchInsert(pending, version);
        }
        return stored[0];
    }

    private static final int BATCH = 1_000;

    private long copyStaged(java.nio.file.Path staged, long version) {
        return jdbc.execute((java.sql.Connection con) -> {
            try (var st = con.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS indicator_staging (ord BIGINT, id VARCHAR(128), event_date DATE,"
                        + " until_date DATE, type VARCHAR(64), actor VARCHAR(8), target VARCHAR(8), magnitude DOUBLE PRECISION,"
                        + " unit VARCHAR(16), grade CHAR(2), source VARCHAR(2000), summary VARCHAR(2000)) ON COMMIT DROP");
                st.execute("TRUNCATE indicator_staging");
            }
            try (java.io.Reader in = java.nio.file.Files.newBufferedReader(staged, java.nio.charset.StandardCharsets.UTF_8)) {
                new org.postgresql.copy.CopyManager(con.unwrap(org.postgresql.core.BaseConnection.class))
                        .copyIn("COPY indicator_staging FROM STDIN WITH (FORMAT csv, HEADER true)", in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (var ps = con.prepareStatement("INSERT INTO indicator (" + INSERTED + ") SELECT id, event_date, until_date, type,"
                    + " actor, target, magnitude, unit, grade, source, summary, ? FROM indicator_staging ORDER BY ord ON CONFLICT DO NOTHING")) {
                ps.setLong(1, version);
                return ps.executeLargeUpdate();
            }
        });
    }

    private int batchInsert(List<Indicator> rows, long version) {
        int[] counts = jdbc.batchUpdate("INSERT INTO indicator (id, event_date, until_date, type, actor, target, magnitude, unit,"
                + " grade, source, summary, data_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(java.sql.PreparedStatement ps, int i) throws SQLException {
                        Indicator r = rows.get(i);
                        ps.setString(1, r.id());
                        ps.setDate(2, Date.valueOf(r.date()));
                        ps.setDate(3, r.until() == null ? null : Date.valueOf(r.until()));
                        ps.setString(4, r.type());
                        ps.setString(5, r.actor());
                        ps.setString(6, r.target());
                        if (r.magnitude() == null) {
                            ps.setNull(7, Types.DOUBLE);
                        } else {
                            ps.setDouble(7, r.magnitude());
                        }
                        ps.setString(8, r.unit());
                        ps.setString(9, r.grade());
                        ps.setString(10, r.source());
                        ps.setString(11, r.summary());
                        ps.setLong(12, version);
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                });
        int stored = 0;
        for (int c : counts) {
            // SUCCESS_NO_INFO (-2) cannot tell a conflict from an insert; drivers used here report counts.
            stored += c > 0 ? 1 : 0;
        }
        return stored;
    }

    void saveBatch(String id, long version, String format, String fileName, ImportReport report) {
        jdbc.update("INSERT INTO import_batch (id, data_version, format, file_name, rows_read, accepted, duplicates, skipped,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, version, format, fileName, report.rows(),
                report.accepted(), report.duplicates(), JSON.writeValueAsString(report.skipped()), Timestamp.from(Instant.now()));
    }

    /** The report of the import that stored batch {@code id}, if it landed. */
    java.util.Optional<ImportReport> findBatch(String id) {
        return jdbc.query("SELECT id, rows_read, accepted, duplicates, skipped FROM import_batch WHERE id = ?", (rs, n) ->
                new ImportReport(rs.getString("id"), rs.getLong("rows_read"), rs.getLong("accepted"), rs.getLong("duplicates"),
                        rs.getString("skipped") == null ? null : JSON.readValue(rs.getString("skipped"), SKIPPED)), id)
                .stream().findFirst();
    }

    /** A page of indicators, newest first. */
    public List<Stored> page(Filter filter, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(filter, params);
        params.addValue("limit", size).addValue("offset", (long) page * size);
        return named.query("SELECT " + COLUMNS + " FROM indicator" + where
                + " ORDER BY event_date DESC, seq DESC LIMIT :limit OFFSET :offset", params, (rs, n) -> stored(rs));
    }

    /**
     * Every indicator the filter matches, in storage order, handed to {@code each} in chunks of
     * {@code chunk} rows read by key: an export of a large store neither holds it in memory nor
     * pays an ever larger OFFSET.
     */
    public void forEach(Filter filter, int chunk, java.util.function.Consumer<Indicator> each) {
        long after = 0;
        while (true) {
            MapSqlParameterSource params = new MapSqlParameterSource();
            String where = where(filter, params);
            params.addValue("after", after).addValue("limit", chunk);
            List<Stored> rows = named.query("SELECT " + COLUMNS + " FROM indicator" + (where.isEmpty() ? " WHERE" : where + " AND")
                    + " seq > :after ORDER BY seq LIMIT :limit", params, (rs, n) -> stored(rs));
            rows.forEach(r -> each.accept(r.indicator()));
            if (rows.size() < chunk) {
                return;
            }
            after = rows.get(rows.size() - 1).seq();
        }
    }

    public long count(Filter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        Long n = named.queryForObject("SELECT COUNT(*) FROM indicator" + where(filter, params), params, Long.class);
        return n == null ? 0 : n;
    }

    private static String where(Filter f, MapSqlParameterSource params) {
        List<String> clauses = new ArrayList<>();
        if (f.actor() != null) {
            clauses.add("actor = :actor");
            params.addValue("actor", f.actor());
        }
        if (f.target() != null) {
            clauses.add("target = :target");
            params.addValue("target", f.target());
        }
        if (f.type() != null) {
            clauses.add("type = :type");
            params.addValue("type", f.type());
        }
        if (f.from() != null) {
            clauses.add("event_date >= :from");
            params.addValue("from", Date.valueOf(f.from()));
        }
        if (f.to() != null) {
            clauses.add("event_date <= :to");
            params.addValue("to", Date.valueOf(f.to()));
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    /** The indicators with these sequence numbers, in no particular order. */
    public List<Stored> findBySeq(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        List<Stored> found = new ArrayList<>(seqs.size());
        List<Long> all = new ArrayList<>(seqs);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            found.addAll(named.query("SELECT " + COLUMNS + " FROM indicator WHERE seq IN (:seqs)",
                    new MapSqlParameterSource("seqs", chunk), (rs, n) -> stored(rs)));
        }
        return found;
    }

    /** Streams the compact columns of the rows added after version {@code after} up to {@code upTo}, in storage order. */
    void streamCompact(long after, long upTo, RowCallbackHandler handler) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT seq, event_date, until_date, type, actor, target, grade, data_version, source, magnitude, unit"
                    + " FROM indicator WHERE data_version > ? AND data_version <= ? ORDER BY seq");
            ps.setFetchSize(10_000);
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            return ps;
        }, handler);
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        Date until = rs.getDate("until_date");
        double magnitude = rs.getDouble("magnitude");
        Double m = rs.wasNull() ? null : magnitude;
        return new Stored(rs.getLong("seq"), new Indicator(rs.getString("id"), rs.getDate("event_date").toLocalDate(),
                until == null ? null : until.toLocalDate(), rs.getString("type"), rs.getString("actor"), rs.getString("target"),
                m, rs.getString("unit"), rs.getString("grade").strip(), rs.getString("source"), rs.getString("summary")));
    }
}
