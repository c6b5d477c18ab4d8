package org.mandala.policy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.mandala.rules.ActiveRuleset;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The replicas sharing the database, as each says about itself (table {@code ruleset_replica}):
 * the ruleset version it serves and the one it has compiled ahead. An activation waits here until
 * every live replica has compiled the new version ({@code mandala.rules.prepare-wait} at most), so
 * that all of them switch within a follow interval of it instead of each after a compile of its own.
 */
@Component
public class Replicas {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    /** A replica that has not said anything for this long is taken for gone: nobody waits for it. */
    static final Duration LIVE = Duration.ofSeconds(5);
    /** A gone replica's row is removed after this long. */
    private static final Duration FORGOTTEN = Duration.ofMinutes(15);

    /** One replica as it last said: {@code self} for the one answering. */
    public record Replica(String id, Instant seenAt, String serving, String prepared, boolean live, boolean self) {
    }

    private final JdbcTemplate jdbc;
    private final ActiveRuleset rules;
    private final Duration prepareWait;
    private final String id;
    private volatile String prepared;

    Replicas(JdbcTemplate jdbc, ActiveRuleset rules, MandalaProperties properties) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.prepareWait = properties.rules().prepareWait();
        String host = host();
        this.id = host.substring(0, Math.min(host.length(), 80)) + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }

    /** Says which version this replica serves and which it has prepared; once a second, and when either changes. */
    @Scheduled(fixedDelay = 1000, initialDelay = 0)
    void beat() {
        try {
            String serving = rules.isPresent() ? rules.get().version() : null;
            if (jdbc.update("UPDATE ruleset_replica SET seen_at = CURRENT_TIMESTAMP, serving = ?, prepared = ? WHERE id = ?",
                    serving, prepared, id) == 0) {
                jdbc.update("INSERT INTO ruleset_replica (id, seen_at, serving, prepared) VALUES (?, CURRENT_TIMESTAMP, ?, ?)",
                        id, serving, prepared);
            }
            jdbc.update("DELETE FROM ruleset_replica WHERE seen_at < ?", Timestamp.from(dbNow().minus(FORGOTTEN)));
        } catch (RuntimeException e) {
            log.debug("Could not say which ruleset this replica serves: {}", e.getMessage());
        }
    }

    /** The version this replica last compiled ahead of its activation. */
    String preparedVersion() {
        return prepared;
    }

    /** This replica compiled {@code version} ahead of its activation. */
    void prepared(String version) {
        prepared = version;
        beat();
    }

    /**
     * Names {@code version} as pending for every replica to compile ahead, and waits until every
     * other live replica has (or serves it), {@code mandala.rules.prepare-wait} at most; a replica
     * that is slower catches up by itself after the activation. One version is pending at a time:
     * while another replica's is, this one waits for its turn. The wait ends early when the active
     * version moved away from {@code expected}, since the activation will be refused as stale.
     */
    void awaitPrepared(RulesetStore store, String version, String expected) {
        long t0 = System.nanoTime();
        long deadline = t0 + prepareWait.toNanos();
        while (!store.claimPending(version, Timestamp.from(dbNow().minus(prepareWait)))) {
            if (moved(store, expected) || !pause(deadline)) {
                return;
            }
        }
        prepared(version);
        List<String> waitingFor = unprepared(version);
        while (!waitingFor.isEmpty()) {
            if (!pause(deadline)) {
                log.warn("Ruleset {} is activated although replicas {} did not compile it within {} s; they follow when they have",
                        version, waitingFor, prepareWait.toSeconds());
                return;
            }
            if (moved(store, expected)) {
                return;
            }
            waitingFor = unprepared(version);
        }
        if (System.nanoTime() - t0 > 50_000_000L) {
            log.info("Every live replica compiled ruleset {} within {} ms; activating it", version, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Whether the active version is no longer {@code expected}. */
    private static boolean moved(RulesetStore store, String expected) {
        return expected != null && !store.activeVersion().map(expected::equals).orElse(false);
    }

    /** Sleeps a little; false once past the deadline. */
    private static boolean pause(long deadline) {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The other live replicas that neither serve nor have prepared {@code version}. */
    private List<String> unprepared(String version) {
        return jdbc.queryForList("SELECT id FROM ruleset_replica WHERE id <> ? AND seen_at > ?"
                + " AND (prepared IS NULL OR prepared <> ?) AND (serving IS NULL OR serving <> ?)", String.class,
                id, Timestamp.from(dbNow().minus(LIVE)), version, version);
    }

    /** Every replica that said something within the last 15 minutes, this one first. */
    public List<Replica> all() {
        Instant now = dbNow();
        return jdbc.query("SELECT id, seen_at, serving, prepared FROM ruleset_replica ORDER BY id", (rs, n) -> {
            Instant seen = rs.getTimestamp("seen_at").toInstant();
            return new Replica(rs.getString("id"), seen, rs.getString("serving"), rs.getString("prepared"), seen.isAfter(now.minus(LIVE)),
                    rs.getString("id").equals(id));
        }).stream().sorted(java.util.Comparator.comparing((Replica r) -> !r.self()).thenComparing(Replica::id)).toList();
    }

    /** The database's clock, so that replicas with clocks apart agree on which replica is live. */
    private Instant dbNow() {
        return jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class).toInstant();
    }

    @PreDestroy
    void leave() {
        try {
            jdbc.update("DELETE FROM ruleset_replica WHERE id = ?", id);
        } catch (RuntimeException e) {
            log.debug("Could not remove this replica from ruleset_replica: {}", e.getMessage());
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
