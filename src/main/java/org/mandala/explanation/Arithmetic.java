package org.mandala.explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Axis;
import org.mandala.model.Balancing;
import org.mandala.model.Conclusion;
import org.mandala.model.Configuration;
import org.mandala.model.Evidence;
import org.mandala.model.Hostility;
import org.mandala.model.Threat;

/**
 * How a conclusion's score follows from what it rests on, in one line with the numbers: the sum
 * of indicator contributions (and its clamping), a rule's factor, or the formula of a derived score.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    /**
     * The factor a rule applies to the evidence it sums: the threat's raw score over the evidence's
     * sum (ARMAMENT_FACTOR, MILITARY_PRESSURE_FACTOR), 1 for every other conclusion.
     */
    static double scale(Conclusion c) {
        if (c instanceof Threat t) {
            double sum = 0;
            for (Object g : c.getGrounds()) {
                if (g instanceof Evidence e) {
                    sum += e.getScore();
                }
            }
            return sum > 0 ? t.getRaw() / sum : 1.0;
        }
        return 1.0;
    }

    static String of(Conclusion c, Configuration cfg) {
        if (c instanceof Alignment al) {
            return "score = sum of the contributions = " + f(al.getRaw()) + clamped(al.getRaw(), al.getScore());
        }
        if (c instanceof Hostility h) {
            return "score = sum of the contributions = " + f(h.getScore());
        }
        if (c instanceof Threat t) {
            return threat(t, cfg);
        }
        if (c instanceof Axis ax) {
            return "members aligned at least MODERATE in every pair; mean alignment " + f(Axis.meanScore(ax.getGrounds()));
        }
        if (c instanceof Balancing b) {
            List<Double> scores = scores(c, Alignment.class);
            return "offset = BALANCE_FACTOR (" + f(cfg.param("BALANCE_FACTOR")) + ") × the weaker alignment with the two partners "
                    + scores.stream().map(Arithmetic::f).toList() + " = " + f(b.getOffset());
        }
        if (c instanceof Autonomy u) {
            List<Double> threats = scores(c, Threat.class);
            double top = threats.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double total = threats.stream().mapToDouble(Double::doubleValue).sum();
            double offsets = 0;
            for (Object g : c.getGrounds()) {
                if (g instanceof Balancing b) {
                    offsets += b.getOffset();
                }
            }
            return "pressure = gravest threat " + f(top) + " + SPILLOVER (" + f(cfg.param("SPILLOVER")) + ") × the other threats "
                    + f(total - top) + " = " + f(u.getPressure()) + " (at most 100); offset = balancing " + f(offsets)
                    + " (at most BALANCE_CAP " + f(cfg.param("BALANCE_CAP")) + ") = " + f(u.getOffset()) + "; score = "
                    + f(u.getPressure()) + " − " + f(u.getOffset()) + " = " + f(u.getScore());
        }
        return null;
    }

    private static String threat(Threat t, Configuration cfg) {
        String level = "; level " + t.getLevel() + " (the higher of the rule's floor and the risk band of the score)";
        switch (t.getKind()) {
            case "ADVERSARY_ARMAMENT", "DIRECT_MILITARY_PRESSURE" -> {
                String factor = t.getKind().equals("ADVERSARY_ARMAMENT") ? "ARMAMENT_FACTOR" : "MILITARY_PRESSURE_FACTOR";
                return "score = sum of the evidence × " + factor + " (" + f(cfg.param(factor)) + ") = sum of the contributions = "
                        + f(t.getRaw()) + clamped(t.getRaw(), t.getScore()) + level;
            }
            case "PARTNER_ADVERSARY_CONVERGENCE" -> {
                List<Double> s = scores(t, Alignment.class);
                return "score = the partner–adversary alignment score " + (s.isEmpty() ? "" : f(s.get(0))) + level;
            }
            case "HOSTILE_AXIS" -> {
                Axis ax = null;
                for (Object g : t.getGrounds()) {
                    if (g instanceof Axis a) {
                        ax = a;
                    }
                }
                if (ax == null) {
                    return null;
                }
                return "score = mean alignment of the members' pairs " + f(Axis.meanScore(ax.getGrounds())) + " + AXIS_SIZE_BONUS ("
                        + f(cfg.param("AXIS_SIZE_BONUS")) + ") × " + (ax.getSize() - 3) + " members beyond three = " + f(t.getRaw())
                        + clamped(t.getRaw(), t.getScore()) + level;
            }
            default -> {
                return "score = " + f(t.getScore()) + level;
            }
        }
    }

    private static List<Double> scores(Conclusion c, Class<?> type) {
        List<Double> out = new ArrayList<>();
        for (Object g : c.getGrounds()) {
            if (type.isInstance(g)) {
                out.add(g instanceof Alignment al ? al.getScore() : ((Threat) g).getScore());
            }
        }
        return out;
    }

    private static String clamped(double raw, double score) {
        return Math.abs(raw - score) < 1e-9 ? "" : ", shown as " + f(score) + " (scores are held to 0–100)";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
