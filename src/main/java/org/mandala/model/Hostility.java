package org.mandala.model;

import java.util.Map;

/** M3: hostile evidence between two states, weighted and decayed. */
public final class Hostility extends Conclusion {
    private final String a;
    private final String b;
    private final double raw;
    private final double score;

    /** @param raw the hostile evidence; @param score what the rule's curve made of it, 0–100 */
    public Hostility(String x, String y, double raw, double score) {
        super(ConclusionKey.hostility(x, y));
        this.a = actors().get(0);
        this.b = actors().get(1);
        this.raw = raw;
        this.score = clamp(score);
    }

    public String getA() {
        return a;
    }

    public String getB() {
        return b;
    }

    public String getPairKey() {
        return a + "-" + b;
    }

    public double getRaw() {
        return raw;
    }

    public double getScore() {
        return score;
    }

    public boolean involves(String state) {
        return a.equals(state) || b.equals(state);
    }

    public String other(String state) {
        return a.equals(state) ? b : a;
    }

    @Override
    public Double shownScore() {
        return getScore();
    }

    @Override
    public String describe() {
        return a + "–" + b + " hostility " + format(getScore());
    }

    @Override
    public Map<String, String> placeholders() {
        return Map.of("a", a, "b", b, "score", format(getScore()), "actors", a + " and " + b);
    }
}
