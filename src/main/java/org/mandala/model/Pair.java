package org.mandala.model;

/** An unordered pair of states with some evidence between them; {@code a} sorts before {@code b}. */
public final class Pair {
    private final String a;
    private final String b;
    private final String key;

    public Pair(String x, String y) {
        this.a = Pairs.first(x, y);
        this.b = Pairs.second(x, y);
        this.key = a + "-" + b;
    }

    public String getA() {
        return a;
    }

    public String getB() {
        return b;
    }

    public String getKey() {
        return key;
    }

    public boolean involves(String state) {
        return a.equals(state) || b.equals(state);
    }

    public String other(String state) {
        return a.equals(state) ? b : a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pair p && p.a.equals(a) && p.b.equals(b);
    }

    @Override
    public int hashCode() {
        return a.hashCode() * 31 + b.hashCode();
    }

    @Override
    public String toString() {
        return getKey();
    }
}
