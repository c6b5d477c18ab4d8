package org.mandala.explanation;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.mandala.model.Adversary;
import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Balancing;
import org.mandala.model.Conclusion;
import org.mandala.model.Evidence;
import org.mandala.model.Hostility;
import org.mandala.model.Partner;
import org.mandala.model.Polarity;
import org.mandala.model.Threat;

/**
 * The evidence that sets a conclusion's score, through the conclusions it rests on, each with the
 * sign it adds with: hostile evidence lowers an alignment, balancing lowers the autonomy risk.
 * Grounds that are only conditions (that a state is a partner or an adversary, that two partners
 * are rivals) are left out: they decide whether a rule fires, not how much it scores.
 */
final class ScoreGrounds {

    private ScoreGrounds() {
    }

    /** Each evidence beneath the conclusion's score with its sign (+1 or -1). */
    static Map<Evidence, Integer> evidence(Conclusion c) {
        Map<Evidence, Integer> into = new IdentityHashMap<>();
        walk(c, 1, into, Collections.newSetFromMap(new IdentityHashMap<>()));
        return into;
    }

    private static void walk(Conclusion c, int sign, Map<Evidence, Integer> into, Set<Object> path) {
        if (!path.add(c)) {
            return;
        }
        for (Object g : c.getGrounds()) {
            if (g instanceof Evidence e) {
                int s = c instanceof Alignment && e.getPolarity() == Polarity.HOSTILE ? -sign : sign;
                into.putIfAbsent(e, s);
            } else if (g instanceof Conclusion n && setsScore(c, n)) {
                walk(n, c instanceof Autonomy && n instanceof Balancing ? -sign : sign, into, path);
            }
        }
        path.remove(c);
    }

    /** Whether a ground of a conclusion feeds its score, rather than being a condition of its rule. */
    private static boolean setsScore(Conclusion c, Conclusion ground) {
        if (c instanceof Threat || c instanceof Autonomy) {
            return !(ground instanceof Partner) && !(ground instanceof Adversary);
        }
        if (c instanceof Balancing) {
            return !(ground instanceof Hostility);
        }
        return true;
    }
}
