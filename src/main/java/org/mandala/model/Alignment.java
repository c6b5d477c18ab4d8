package org.mandala.model;

import java.util.Map;

/** M1/M2: how closely two states are aligned. {@code a} sorts before {@code b}. */
public final class Alignment extends Conclusion {
    private final String a;
    private final String b;
    private final double raw;
    private final double score;
    private final String pairKey;
    private AlignmentLevel level;

    /**
     * @param raw   cooperative minus hostile evidence
     * @param score what the rule's curve made of it, 0–100
     */
    public Alignment(String x, String y, double raw, double score, AlignmentLevel level) {
        super(ConclusionKey.alignment(x, y));
        this.a = actors().get(0);
        this.b = actors().get(1);
        this.pairKey = a + "-" + b;
        this.raw = raw;
        this.score = clamp(score);
        this.level = level;
    }

    public String getA() {
        return a;
    }

    public String getB() {
        return b;
    }

    public String getPairKey() {
        return pairKey;
    }

    /** Cooperative minus hostile evidence, unclamped: the sum of the contributions. */
    public double getRaw() {
        return raw;
    }

    /** The score, 0–100: the raw evidence through the rule's curve. */
    public double getScore() {
        return score;
    }

    public AlignmentLevel getLevel() {
        return level;
    }

    public void setLevel(AlignmentLevel level) {
        this.level = level;
    }

    public boolean atLeast(AlignmentLevel other) {
        return level.atLeast(other);
    }

    public boolean involves(String state) {
        return a.equals(state) || b.equals(state);
    }

    public String other(String state) {
        return a.equals(state) ? b : a;
    }

    @Override
    public String levelName() {
        return level.name();
    }

    @Override
    public Double shownScore() {
        return getScore();
    }

    @Override
    public String describe() {
        return a + "–" + b + " alignment " + level + " (" + format(getScore()) + ")";
    }

    @Override
    public Map<String, String> placeholders() {
        return Map.of("a", a, "b", b, "score", format(getScore()), "actors", a + " and " + b, "level", level.name());
    }
}
