package org.mandala.model;

/** M1/M2: how closely two states are aligned. {@code a} sorts before {@code b}. */
public final class Alignment extends Conclusion {
    private final String a;
    private final String b;
    private final double raw;
    private final String pairKey;
    private AlignmentLevel level;

    public Alignment(String x, String y, double raw, AlignmentLevel level) {
        this.a = Pairs.first(x, y);
        this.b = Pairs.second(x, y);
        this.pairKey = a + "-" + b;
        this.raw = raw;
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

    /** The raw score clamped to 0–100. */
    public double getScore() {
        return clamp(raw);
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
    public String key() {
        return "A." + pairKey;
    }

    @Override
    public String describe() {
        return a + "–" + b + " alignment " + level + " (" + score(getScore()) + ")";
    }
}
