package org.mandala.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentServed;
import org.mandala.model.Alignment;
import org.mandala.model.Axis;
import org.mandala.model.Threat;
import org.mandala.system.MandalaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Records every assessment served (it listens to {@link AssessmentServed}), once per (focus,
 * asOf, data version, ruleset version), with the time and a hash of its result. The log lives in the database, so every replica writes to
 * and reads the same one; every hour, entries older than the retention are deleted, then the
 * oldest beyond {@code mandala.decisions.max-rows}.
 */
@Service
public class DecisionLog {

    public record Decision(long id, Instant time, String focus, LocalDate asOf, long dataVersion, String rulesetVersion,
                           String resultHash) {

        public AssessmentKey key() {
            return new AssessmentKey(focus, asOf, dataVersion, rulesetVersion);
        }
    }

    private final JdbcTemplate jdbc;
    private final java.time.Duration retention;
    private final long maxRows;
    private final Clock clock;
    /** Keys this process has logged already: a poller's repeated request costs no write. */
    private final Cache<AssessmentKey, Boolean> logged = Caffeine.newBuilder().maximumSize(10_000).build();

    @org.springframework.beans.factory.annotation.Autowired
    DecisionLog(JdbcTemplate jdbc, MandalaProperties properties) {
        this(jdbc, properties.decisions().retention(), properties.decisions().maxRows(), Clock.systemUTC());
    }

    DecisionLog(JdbcTemplate jdbc, java.time.Duration retention, long maxRows, Clock clock) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.maxRows = maxRows;
        this.clock = clock;
    }

    /**
     * Logs a served assessment unless its key is logged already. Heard in the thread that served it,
     * so the entry is written before the answer leaves, as when controllers wrote it themselves.
     */
    @EventListener
    public void served(AssessmentServed event) {
        record(event.assessment(), event.key());
    }

    private void record(Assessment a, AssessmentKey key) {
        if (logged.getIfPresent(key) != null) {
            return;
        }
        Instant now = clock.instant();
        jdbc.update("INSERT INTO decision (created_at, focus, as_of, data_version, ruleset_version, result_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", Timestamp.from(now), key.focus(),
                java.sql.Date.valueOf(key.asOf()), key.dataVersion(), key.rulesetVersion(), resultHash(a));
        logged.put(key, Boolean.TRUE);
    }

    /** Deletes the entries older than the retention, then the oldest beyond the row limit; returns how many. Hourly. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public int purge() {
        int n = jdbc.update("DELETE FROM decision WHERE created_at < ?", Timestamp.from(clock.instant().minus(retention)));
        Long cut = jdbc.query("SELECT id FROM decision ORDER BY id DESC LIMIT 1 OFFSET ?", rs -> rs.next() ? rs.getLong(1) : null,
                maxRows);
        if (cut != null) {
            n += jdbc.update("DELETE FROM decision WHERE id <= ?", cut);
        }
        if (n > 0) {
            logged.invalidateAll();
        }
        return n;
    }

    /** A page of the log, newest first. */
    public List<Decision> page(int page, int size) {
        return jdbc.query("SELECT id, created_at, focus, as_of, data_version, ruleset_version, result_hash FROM decision"
                + " ORDER BY id DESC LIMIT ? OFFSET ?", (rs, n) -> decision(rs), size, (long) page * size);
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM decision", Long.class);
        return n == null ? 0 : n;
    }

    public Optional<Decision> find(long id) {
        return jdbc.query("SELECT id, created_at, focus, as_of, data_version, ruleset_version, result_hash FROM decision WHERE id = ?",
                (rs, n) -> decision(rs), id).stream().findFirst();
    }

    private static Decision decision(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Decision(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getLong(5),
                rs.getString(6), rs.getString(7).strip());
    }

    /**
     * SHA-256 of the result as served: the autonomy level and score, every threat, alignment and
     * axis with its level and score to one decimal, in the order served. Equal inputs give equal
     * hashes on every replica.
     */
    public static String resultHash(Assessment a) {
        String head = a.focus() + '|' + a.asOf() + '|' + a.dataVersion() + '|' + a.rulesetVersion() + '\n';
        // the same conclusions named by a later data version (Assessment.at) share the rest
        byte[] served = a.memo().served(() -> served(a));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(head.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(served));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] served(Assessment a) {
        StringBuilder sb = new StringBuilder();
        if (a.autonomy() != null) {
            Double score = a.autonomy().getScore();
            sb.append("U ").append(a.autonomy().levelName()).append(' ').append(score == null ? "-" : fmt(score)).append('\n');
        }
        for (Threat t : a.threats()) {
            sb.append(t.key()).append(' ').append(t.getLevel()).append(' ').append(fmt(t.getScore())).append('\n');
        }
        for (Alignment al : a.alignments()) {
            sb.append(al.key()).append(' ').append(al.getLevel()).append(' ').append(fmt(al.getScore())).append('\n');
        }
        for (Axis ax : a.axes()) {
            sb.append(ax.key()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
