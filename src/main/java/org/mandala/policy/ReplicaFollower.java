package org.mandala.policy;

import java.util.Optional;

import org.mandala.rules.ActiveRuleset;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every few seconds ({@code mandala.rules.poll}) reads the database's active version and serves it
 * here when another replica activated it, so every replica serves the version activated on any
 * of them. It stores nothing; a stored version that no longer compiles is not tried again.
 */
@Component
class ReplicaFollower {
    private final RulesetLifecycle lifecycle;
    private final RulesetStore store;
    private final ActiveRuleset rules;

    ReplicaFollower(RulesetLifecycle lifecycle, RulesetStore store, ActiveRuleset rules) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.rules = rules;
    }

    @Scheduled(fixedDelayString = "${mandala.rules.poll:2s}", initialDelayString = "${mandala.rules.poll:2s}")
    void follow() {
        Optional<String> wanted = store.activeVersion();
        if (wanted.isEmpty() || wanted.get().equals(rules.get().version()) || !lifecycle.usable(wanted.get())) {
            return;
        }
        // the (slow) load outside the lifecycle's lock; it checks the database again before serving it
        rules.byVersion(wanted.get()).ifPresent(lifecycle::follow);
    }
}
