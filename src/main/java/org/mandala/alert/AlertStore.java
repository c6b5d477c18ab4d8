package org.mandala.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Tables {@code alert}, {@code alert_state}, {@code alert_subscription}, {@code alert_delivery} and {@code alert_attempt} (V9). */
@Repository
public class AlertStore {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    /** A stored alert; {@code body} is the JSON of what the tripwire drew (see {@link AlertService.Drawn}). */
    public record Alert(long id, String focus, String warningKey, String occasion, String tripwire, String severity, LocalDate asOf,
                        long dataVersion, String rulesetVersion, String message, String body, Instant raisedAt,
                        Instant acknowledgedAt, String acknowledgedBy) {
    }

    /** The versions a focus's tripwires were last evaluated on. */
    public record State(long dataVersion, String rulesetVersion) {
    }

    public record Subscription(long id, String url, String focus, String minSeverity, int minRank, String secret, String createdBy,
                               Instant createdAt, boolean active) {
    }

    /** A delivery due to be sent, with what sending it needs. */
    public record Due(long id, long alertId, int attempts, String url, String secret) {
    }

    public record Attempt(int attempt, Instant at, Integer statusCode, String error, long millis) {
    }

    public record Delivery(long id, long subscriptionId, String url, String status, int attempts, Instant nextAt, Instant deliveredAt,
                           List<Attempt> tries) {
    }

    private final JdbcTemplate jdbc;

    AlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<State> state(String focus) {
        return jdbc.query("SELECT data_version, ruleset_version FROM alert_state WHERE focus = ?",
                (rs, i) -> new State(rs.getLong(1), rs.getString(2)), focus).stream().findFirst();
    }

    void saveState(String focus, long dataVersion, String rulesetVersion) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("UPDATE alert_state SET data_version = ?, ruleset_version = ?, evaluated_at = ? WHERE focus = ?",
                dataVersion, rulesetVersion, now, focus) == 0) {
            jdbc.update("INSERT INTO alert_state (focus, data_version, ruleset_version, evaluated_at) VALUES (?, ?, ?, ?)",
                    focus, dataVersion, rulesetVersion, now);
        }
    }

    /** Stores an alert unless the same warning was stored for the same occasion; its id, or empty when it was. */
    Optional<Long> insert(String focus, String warningKey, String occasion, String tripwire, String severity, int severityRank,
                          LocalDate asOf, long dataVersion, String rulesetVersion, String message, String body) {
        Integer there = jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE focus = ? AND warning_key = ? AND occasion = ?",
                Integer.class, focus, warningKey, occasion);
        if (there != null && there > 0) {
            return Optional.empty();
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.update(c -> {
                var ps = c.prepareStatement("INSERT INTO alert (focus, warning_key, occasion, tripwire, severity, severity_rank, as_of,"
                        + " data_version, ruleset_version, message, body, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
                ps.setString(1, focus);
                ps.setString(2, warningKey);
                ps.setString(3, occasion);
                ps.setString(4, tripwire);
                ps.setString(5, severity);
                ps.setInt(6, severityRank);
                ps.setObject(7, asOf);
                ps.setLong(8, dataVersion);
                ps.setString(9, rulesetVersion);
                ps.setString(10, message.length() > 4000 ? message.substring(0, 4000) : message);
                ps.setString(11, body);
                ps.setTimestamp(12, Timestamp.from(Instant.now()));
                return ps;
            }, key);
        } catch (DuplicateKeyException raced) {
            return Optional.empty();
        }
        return Optional.of(key.getKey().longValue());
    }

    /** Alerts newest first: of one focus (any when null), raised at or after {@code since} (any when null), at a least severity rank. */
    public List<Alert> list(String focus, Instant since, int minRank, int limit) {
        StringBuilder sql = new StringBuilder(SELECT_ALERT + " WHERE severity_rank >= ?");
        List<Object> args = new ArrayList<>(List.of(minRank));
        if (focus != null) {
            sql.append(" AND focus = ?");
            args.add(focus);
        }
        if (since != null) {
            sql.append(" AND raised_at >= ?");
            args.add(Timestamp.from(since));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), AlertStore::alert, args.toArray());
    }

    /** Alerts stored after the given id, oldest first (for the stream). */
    List<Alert> after(long id, int limit) {
        return jdbc.query(SELECT_ALERT + " WHERE id > ? ORDER BY id LIMIT ?", AlertStore::alert, id, limit);
    }

    public Optional<Alert> find(long id) {
        return jdbc.query(SELECT_ALERT + " WHERE id = ?", AlertStore::alert, id).stream().findFirst();
    }

    public long maxId() {
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM alert", Long.class);
        return id == null ? 0 : id;
    }

    /** Changes whenever an alert is stored or acknowledged: what the list's entity tag is made of. */
    public String tag() {
        return jdbc.queryForObject("SELECT COUNT(*), MAX(id), COUNT(acknowledged_at) FROM alert",
                (rs, i) -> rs.getLong(1) + "." + rs.getLong(2) + "." + rs.getLong(3));
    }

    /** The alerts of a focus (every focus when null) at a least severity rank that nobody acknowledged. */
    public long unacknowledged(String focus, int minRank) {
        Long n = focus == null
                ? jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE acknowledged_at IS NULL AND severity_rank >= ?", Long.class, minRank)
                : jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE acknowledged_at IS NULL AND focus = ? AND severity_rank >= ?", Long.class,
                        focus, minRank);
        return n == null ? 0 : n;
    }

    /** Acknowledges an alert once: a second acknowledgement keeps the first's time and name. */
    public boolean acknowledge(long id, String who) {
        jdbc.update("UPDATE alert SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL",
                Timestamp.from(Instant.now()), who, id);
        return find(id).isPresent();
    }

    long subscribe(String url, String focus, String minSeverity, int minRank, String secret, String createdBy) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO alert_subscription (url, focus, min_severity, min_rank, secret, created_by, created_at, active)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, TRUE)", new String[] {"id"});
            ps.setString(1, url);
            ps.setString(2, focus);
            ps.setString(3, minSeverity);
            ps.setInt(4, minRank);
            ps.setString(5, secret);
            ps.setString(6, createdBy);
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    List<Subscription> subscriptions() {
        return jdbc.query("SELECT id, url, focus, min_severity, min_rank, secret, created_by, created_at, active FROM alert_subscription"
                + " WHERE active ORDER BY id", AlertStore::subscription);
    }

    Optional<Subscription> subscription(long id) {
        return jdbc.query("SELECT id, url, focus, min_severity, min_rank, secret, created_by, created_at, active FROM alert_subscription"
                + " WHERE id = ? AND active", AlertStore::subscription, id).stream().findFirst();
    }

    /** Ends a subscription: nothing more is sent to it, pending deliveries included; its past deliveries stay visible. */
    boolean unsubscribe(long id) {
        boolean ended = jdbc.update("UPDATE alert_subscription SET active = FALSE WHERE id = ? AND active", id) > 0;
        jdbc.update("UPDATE alert_delivery SET status = ? WHERE subscription_id = ? AND status = ?", FAILED, id, PENDING);
        return ended;
    }

    /** Queues the alert for every active subscription of its focus at or below its severity; in the caller's transaction. */
    int queue(long alertId, String focus, int severityRank) {
        return jdbc.update("INSERT INTO alert_delivery (alert_id, subscription_id, status, attempts, next_at)"
                + " SELECT ?, id, ?, 0, ? FROM alert_subscription WHERE active AND (focus IS NULL OR focus = ?) AND min_rank <= ?",
                alertId, PENDING, Timestamp.from(Instant.now()), focus, severityRank);
    }

    List<Due> due(Instant now, int limit) {
        return jdbc.query("SELECT d.id, d.alert_id, d.attempts, s.url, s.secret FROM alert_delivery d JOIN alert_subscription s"
                + " ON s.id = d.subscription_id WHERE d.status = ? AND d.next_at <= ? AND s.active ORDER BY d.next_at, d.id LIMIT ?",
                (rs, i) -> new Due(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5)),
                PENDING, Timestamp.from(now), limit);
    }

    /** Records one attempt and what follows: delivered, tried again at {@code next}, or given up when {@code next} is null. */
    void attempted(long deliveryId, int attempt, Integer statusCode, String error, long millis, boolean delivered, Instant next) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO alert_attempt (delivery_id, attempt, at, status_code, error, millis) VALUES (?, ?, ?, ?, ?, ?)",
                deliveryId, attempt, now, statusCode, error == null || error.length() <= 1000 ? error : error.substring(0, 1000), millis);
        if (delivered) {
            jdbc.update("UPDATE alert_delivery SET status = ?, attempts = ?, delivered_at = ? WHERE id = ?", DELIVERED, attempt, now, deliveryId);
        } else if (next == null) {
            jdbc.update("UPDATE alert_delivery SET status = ?, attempts = ? WHERE id = ?", FAILED, attempt, deliveryId);
        } else {
            jdbc.update("UPDATE alert_delivery SET attempts = ?, next_at = ? WHERE id = ?", attempt, Timestamp.from(next), deliveryId);
        }
    }

    public List<Delivery> deliveries(long alertId) {
        List<Delivery> out = new ArrayList<>();
        jdbc.query("SELECT d.id, d.subscription_id, s.url, d.status, d.attempts, d.next_at, d.delivered_at FROM alert_delivery d"
                + " JOIN alert_subscription s ON s.id = d.subscription_id WHERE d.alert_id = ? ORDER BY d.id", rs -> {
                    long id = rs.getLong(1);
                    out.add(new Delivery(id, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5), instant(rs, 6), instant(rs, 7),
                            new ArrayList<>()));
                }, alertId);
        for (Delivery d : out) {
            d.tries().addAll(jdbc.query("SELECT attempt, at, status_code, error, millis FROM alert_attempt WHERE delivery_id = ? ORDER BY id",
                    (rs, i) -> new Attempt(rs.getInt(1), instant(rs, 2), (Integer) rs.getObject(3), rs.getString(4), rs.getLong(5)), d.id()));
        }
        return out;
    }

    private static final String SELECT_ALERT = "SELECT id, focus, warning_key, occasion, tripwire, severity, as_of, data_version,"
            + " ruleset_version, message, body, raised_at, acknowledged_at, acknowledged_by FROM alert";

    private static Alert alert(ResultSet rs, int i) throws SQLException {
        return new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, LocalDate.class), rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11), instant(rs, 12),
                instant(rs, 13), rs.getString(14));
    }

    private static Subscription subscription(ResultSet rs, int i) throws SQLException {
        return new Subscription(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                rs.getString(7), instant(rs, 8), rs.getBoolean(9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
