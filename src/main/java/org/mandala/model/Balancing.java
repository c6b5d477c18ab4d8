package org.mandala.model;

import java.util.Map;

/** M8: the focus cooperating with two partners that are rivals of each other at once. */
public final class Balancing extends Conclusion {
    private final String first;
    private final String second;
    private final double offset;

    public Balancing(String x, String y, double offset) {
        super(ConclusionKey.balancing(x, y));
        this.first = actors().get(0);
        this.second = actors().get(1);
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
    public String describe() {
        return "balancing between " + first + " and " + second + " (−" + format(offset) + ")";
    }

    /** The offset is its score in a wording; it is no score on the 0–100 scale, so {@link #shownScore()} stays null. */
    @Override
    public Map<String, String> placeholders() {
        return Map.of("actors", first + " and " + second, "score", format(offset));
    }
}
