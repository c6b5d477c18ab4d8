package org.mandala.explanation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mandala.model.Adversary;
import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Axis;
import org.mandala.model.Balancing;
import org.mandala.model.Conclusion;
import org.mandala.model.Hostility;
import org.mandala.model.Partner;
import org.mandala.model.Threat;

/** The placeholders of a conclusion itself for its rule's wording (see {@link org.mandala.rules.Wording}). */
final class Narratives {

    private Narratives() {
    }

    static Map<String, String> variables(Conclusion c, String focus) {
        Map<String, String> v = new HashMap<>();
        v.put("conclusion", c.describe());
        v.put("focus", focus);
        if (c instanceof Alignment al) {
            pair(v, al.getA(), al.getB(), al.getScore());
            v.put("level", al.getLevel().name());
        } else if (c instanceof Hostility h) {
            pair(v, h.getA(), h.getB(), h.getScore());
        } else if (c instanceof Threat t) {
            v.put("level", t.getLevel().name());
            v.put("score", score(t.getScore()));
            v.put("actors", join(t.getActors()));
            v.put("summary", t.getSummary());
        } else if (c instanceof Autonomy u) {
            v.put("level", u.getLevel().name());
            v.put("score", score(u.getScore()));
            v.put("focus", u.getFocus());
        } else if (c instanceof Axis ax) {
            v.put("actors", join(ax.getMembers()));
        } else if (c instanceof Adversary d) {
            v.put("actors", d.getState());
        } else if (c instanceof Partner p) {
            v.put("actors", p.getState());
        } else if (c instanceof Balancing b) {
            v.put("actors", b.getFirst() + " and " + b.getSecond());
            v.put("score", score(b.getOffset()));
        }
        return v;
    }

    private static void pair(Map<String, String> v, String a, String b, double score) {
        v.put("a", a);
        v.put("b", b);
        v.put("score", score(score));
        v.put("actors", a + " and " + b);
    }

    private static String join(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String score(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
