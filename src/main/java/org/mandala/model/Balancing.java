package org.mandala.model;

/** M8: the focus cooperating with two partners that are rivals of each other at once. */
public final class Balancing extends Conclusion {
    private final String first;
    private final String second;
    private final double offset;

    public Balancing(String x, String y, double offset) {
        this.first = Pairs.first(x, y);
        this.second = Pairs.second(x, y);
        this.offset = offset;
    }

    public String getFirst() {
        return first;
    }

    public String getSecond() {
        return second;
    }

    /** Points this balancing takes off the autonomy risk score. */
    public double getOffset() {
        return offset;
    }

    @Override
    public String key() {
        return "B." + first + "-" + second;
    }

    @Override
    public String describe() {
        return "balancing between " + first + " and " + second + " (−" + score(offset) + ")";
    }
}
