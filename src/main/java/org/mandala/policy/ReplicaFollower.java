package org.mandala.policy;

import java.util.Optional;

import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.Ruleset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the database's active and pending versions every {@code mandala.rules.follow} (250 ms: one
 * row by its key), on a scheduler thread of its own. A pending version (about to be activated on
 * another replica) is compiled ahead and reported prepared, which the activation waits for; an
 * active version this replica does not serve yet is served, from that compile when there was one.
 * So every replica serves a version activated on any of them within a follow interval of it. It
 * stores nothing; a stored version that no longer compiles is not tried again.
 */
@Component
class ReplicaFollower {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFollower.class);
    private final RulesetLifecycle lifecycle;
    private final RulesetStore store;
    private final ActiveRuleset rules;
    private final Replicas replicas;

    ReplicaFollower(RulesetLifecycle lifecycle, RulesetStore store, ActiveRuleset rules, Replicas replicas) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.rules = rules;
        this.replicas = replicas;
    }

    @Scheduled(fixedDelayString = "${mandala.rules.follow:250ms}", initialDelayString = "${mandala.rules.poll:2s}")
    void follow() {
        Optional<RulesetStore.Active> state = store.active();
        if (state.isEmpty()) {
            return;
        }
        String active = state.get().version();
        if (!active.equals(rules.get().version()) && lifecycle.usable(active)) {
            // the (slow) load, if it was not prepared, outside the lifecycle's lock; it checks the database again before serving it
            load(active, "activated").ifPresent(lifecycle::follow);
        }
        String pending = state.get().pending();
        if (pending != null && !pending.equals(replicas.preparedVersion()) && !pending.equals(rules.get().version())
                && lifecycle.usable(pending) && load(pending, "about to be activated").isPresent()) {
            replicas.prepared(pending);
        }
    }

    private Optional<Ruleset> load(String version, String what) {
        long t0 = System.nanoTime();
        Optional<Ruleset> loaded = rules.byVersion(version);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 50) {
            log.info("Ruleset {}, {} on another replica, compiled here in {} ms", version, what, ms);
        }
        return loaded;
    }
}
