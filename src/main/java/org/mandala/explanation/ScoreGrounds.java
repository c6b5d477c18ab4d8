package org.mandala.explanation;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.mandala.model.Conclusion;
import org.mandala.model.Evidence;
import org.mandala.rules.RuleInfo;
import org.mandala.rules.Ruleset;

/**
 * The evidence that sets a conclusion's score, through the conclusions it rests on, each with the
 * sign it adds with. The rule that drew each conclusion says which of its grounds set the score
 * ({@code @scoredBy}) and which take away from it ({@code @lowers}, e.g. hostile evidence for an
 * alignment, balancing for the autonomy risk); grounds that are only conditions (that a state is a
 * partner or an adversary) decide whether a rule fires, not how much it scores.
 */
final class ScoreGrounds {

    private ScoreGrounds() {
    }

    /** Each evidence beneath the conclusion's score with its sign (+1 or -1). */
    static Map<Evidence, Integer> evidence(Conclusion c, Ruleset ruleset) {
        Map<Evidence, Integer> into = new IdentityHashMap<>();
        walk(c, 1, ruleset, into, Collections.newSetFromMap(new IdentityHashMap<>()));
        return into;
    }

    private static void walk(Conclusion c, int sign, Ruleset ruleset, Map<Evidence, Integer> into, Set<Object> path) {
        if (!path.add(c)) {
            return;
        }
        RuleInfo rule = ruleset.rule(c.getRule());
        for (Object g : c.getGrounds()) {
            String type = g.getClass().getSimpleName();
            if (g instanceof Evidence e) {
                if (rule.scores(type, true)) {
                    into.putIfAbsent(e, rule.lowers(type, e.isHostile()) ? -sign : sign);
                }
            } else if (g instanceof Conclusion n && rule.scores(type, n.shownScore() != null)) {
                walk(n, rule.lowers(type, false) ? -sign : sign, ruleset, into, path);
            }
        }
        path.remove(c);
    }
}
