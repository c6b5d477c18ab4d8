package org.mandala.model;

/** M3: hostile evidence between two states, weighted and decayed. */
public final class Hostility extends Conclusion {
    private final String a;
    private final String b;
    private final double raw;

    public Hostility(String x, String y, double raw) {
        this.a = Pairs.first(x, y);
        this.b = Pairs.second(x, y);
        this.raw = raw;
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
        return clamp(raw);
    }

    public boolean involves(String state) {
        return a.equals(state) || b.equals(state);
    }

    public String other(String state) {
        return a.equals(state) ? b : a;
    }

    @Override
    public String key() {
        return "H." + a + "-" + b;
    }

    @Override
    public String describe() {
        return a + "–" + b + " hostility " + score(getScore());
    }
}
