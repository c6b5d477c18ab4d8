package org.mandala.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Ruleset versions, their files and activations, in the database every replica shares. */
@Repository
public class RulesetStore {

    /** A stored version; {@code activeSince} is set for the active one. */
    public record Version(String version, Instant createdAt, String author, String note, boolean active, Instant activatedAt) {
    }

    /** One activation: the audit trail of which version was made active, by whom and why. */
    public record Activation(long id, String version, Instant at, String author, String note) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    RulesetStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Stores the files as a version unless that version is stored already; true when it was new. */
    public boolean save(String version, SortedMap<String, byte[]> files, SortedMap<String, String> hashes, String author, String note) {
        Boolean created = transactions.execute(status -> {
            int n = jdbc.update("INSERT INTO ruleset_version (version, created_at, author, note) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    version, Timestamp.from(Instant.now()), author, note);
            if (n == 0) {
                // the same id must mean the same files: refuse a different ruleset that happens to share it
                SortedMap<String, String> stored = new TreeMap<>();
                jdbc.query("SELECT path, sha256 FROM ruleset_file WHERE version = ?", rs -> {
                    stored.put(rs.getString(1), rs.getString(2).strip());
                }, version);
                if (!stored.equals(hashes)) {
                    throw new org.mandala.rules.RulesetException(java.util.List.of(new org.mandala.rules.RuleProblem("", 0,
                            "version id " + version + " is taken by a stored ruleset with other files; change any file to get another id")));
                }
                return false;
            }
            for (var f : files.entrySet()) {
                jdbc.update("INSERT INTO ruleset_file (version, path, sha256, content) VALUES (?, ?, ?, ?)", version, f.getKey(),
                        hashes.get(f.getKey()), f.getValue());
            }
            return true;
        });
        return Boolean.TRUE.equals(created);
    }

    /**
     * Makes the version active, whatever is active: a rollback or a startup that found nothing to
     * compare with. Prefer {@link #activate(String, String, String, String)}.
     */
    public void activate(String version, String author, String note) {
        transactions.executeWithoutResult(status -> {
            if (jdbc.update("UPDATE ruleset_active SET version = ?, pending = NULL WHERE id = 1", version) == 0) {
                jdbc.update("INSERT INTO ruleset_active (id, version) VALUES (1, ?)", version);
            }
            record(version, author, note);
        });
    }

    /**
     * Makes the version active only if {@code expected} is still the active one in the database (a
     * compare-and-set: of two replicas activating against the same version, one wins); with
     * {@code expected} null, only if no version is active yet, so that replicas starting together
     * record one start-up activation. Returns whether it did.
     */
    public boolean activate(String expected, String version, String author, String note) {
        Boolean done = transactions.execute(status -> {
            int n = expected == null
                    ? jdbc.update("INSERT INTO ruleset_active (id, version) VALUES (1, ?) ON CONFLICT DO NOTHING", version)
                    : jdbc.update("UPDATE ruleset_active SET version = ?, pending = NULL WHERE id = 1 AND version = ?", version, expected);
            if (n == 1) {
                record(version, author, note);
            }
            return n == 1;
        });
        return Boolean.TRUE.equals(done);
    }

    private void record(String version, String author, String note) {
        jdbc.update("INSERT INTO ruleset_activation (version, activated_at, author, note) VALUES (?, ?, ?, ?)", version,
                Timestamp.from(Instant.now()), author, note);
    }

    /**
     * Names a stored version about to be activated, for every replica to compile ahead ({@link Replicas}),
     * unless another one is pending since {@code abandonedBefore} or later; returns whether it did.
     */
    public boolean claimPending(String version, Timestamp abandonedBefore) {
        return jdbc.update("UPDATE ruleset_active SET pending = ?, pending_at = CURRENT_TIMESTAMP"
                + " WHERE id = 1 AND (pending IS NULL OR pending = ? OR pending_at < ?)", version, version, abandonedBefore) == 1;
    }

    /** No longer about to activate {@code version} (its activation was refused). */
    public void releasePending(String version) {
        jdbc.update("UPDATE ruleset_active SET pending = NULL WHERE id = 1 AND pending = ?", version);
    }

    /** The active version and the one about to be activated, if any, in one read. */
    public record Active(String version, String pending) {
    }

    public Optional<Active> active() {
        return jdbc.query("SELECT version, pending FROM ruleset_active WHERE id = 1", (rs, n) -> new Active(rs.getString(1), rs.getString(2)))
                .stream().findFirst();
    }

    /** The active version, as every replica reads it. */
    /** When a version was last activated; empty when it never was. */
    public Optional<java.time.Instant> activatedAt(String version) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(activated_at) FROM ruleset_activation WHERE version = ?",
                java.sql.Timestamp.class, version)).map(java.sql.Timestamp::toInstant);
    }

    public Optional<String> activeVersion() {
        return jdbc.query("SELECT version FROM ruleset_active WHERE id = 1", (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    public boolean exists(String version) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ruleset_version WHERE version = ?", Integer.class, version);
        return n != null && n > 0;
    }

    /** The files of a stored version, or empty when it is not stored. */
    public Optional<SortedMap<String, byte[]>> files(String version) {
        if (!exists(version)) {
            return Optional.empty();
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        jdbc.query("SELECT path, content FROM ruleset_file WHERE version = ?", rs -> {
            files.put(rs.getString(1), rs.getBytes(2));
        }, version);
        return Optional.of(files);
    }

    /** Every stored version, newest first, the active one marked. */
    public List<Version> versions() {
        String active = activeVersion().orElse(null);
        return jdbc.query("SELECT v.version, v.created_at, v.author, v.note,"
                + " (SELECT MAX(a.activated_at) FROM ruleset_activation a WHERE a.version = v.version)"
                + " FROM ruleset_version v ORDER BY v.created_at DESC, v.version", (rs, n) -> new Version(rs.getString(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(1).equals(active),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
    }

    /** The latest activations, newest first. */
    public List<Activation> activations(int limit) {
        return jdbc.query("SELECT id, version, activated_at, author, note FROM ruleset_activation ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Activation(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        rs.getString(5)), limit);
    }
}
