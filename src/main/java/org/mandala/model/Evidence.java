package org.mandala.model;

import java.util.Arrays;

/**
 * The indicators of one type from one actor to one target, weighed at the assessment date:
 * the sum of their contributions and which indicators they are. Rules reason over evidence,
 * not over single indicators, so an assessment over a million indicators inserts thousands of
 * facts, not a million; the explanation names the indicators behind each evidence.
 */
public final class Evidence {
    private final String actor;
    private final String target;
    private final String a;
    private final String b;
    private final String type;
    private final Polarity polarity;
    private final boolean durable;
    private final boolean betweenStates;
    private final String pairKey;
    private boolean inForce;
    private double score;
    private int count;
    private int[] rows = new int[2];
    private double unweighted;
    private boolean allUnjudged = true;
    /** The distinct publishers, as numbers: up to {@link #MAX_SOURCES}, enough for any confidence threshold. */
    private int[] sources;
    private int sourceCount;
    private int newestDay = Integer.MIN_VALUE;
    private int asOfDay;
    public static final int MAX_SOURCES = 8;

    /** Evidence of one type from actor to target; {@code pairKey} is {@link Pairs#key} of the two, made once by the caller. */
    public Evidence(String actor, String target, String pairKey, TypeProfile profile, boolean betweenStates) {
        this.actor = actor;
        this.target = target;
        this.a = Pairs.first(actor, target);
        this.b = Pairs.second(actor, target);
        this.type = profile.type();
        this.polarity = profile.polarity();
        this.durable = profile.durable();
        this.betweenStates = betweenStates;
        this.pairKey = pairKey;
    }

    /**
     * Adds one indicator with what its confidence rests on: {@code ungraded} is its contribution
     * before the grade factor, {@code source} its publisher's number (or -1), {@code unjudged}
     * whether it is graded F6, cannot be judged.
     */
    public void add(int row, double contribution, double ungraded, boolean rowInForce, int source, boolean unjudged) {
        add(row, contribution, ungraded, rowInForce, source, unjudged, Integer.MIN_VALUE, 0);
    }

    /** As above, with the row's date and the assessment date as epoch days, for {@link #getAgeDays()}. */
    public void add(int row, double contribution, double ungraded, boolean rowInForce, int source, boolean unjudged,
                    int dateDay, int assessedDay) {
        newestDay = Math.max(newestDay, dateDay);
        asOfDay = assessedDay;
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, count * 2);
        }
        rows[count++] = row;
        score += contribution;
        unweighted += ungraded;
        inForce |= rowInForce;
        allUnjudged &= unjudged;
        if (source >= 0 && sourceCount < MAX_SOURCES) {
            for (int i = 0; i < sourceCount; i++) {
                if (sources[i] == source) {
                    return;
                }
            }
            // most evidence has one or two publishers: grow the array as they come
            if (sources == null) {
                sources = new int[2];
            } else if (sourceCount == sources.length) {
                sources = Arrays.copyOf(sources, Math.min(MAX_SOURCES, sourceCount * 2));
            }
            sources[sourceCount++] = source;
        }
    }

    /**
     * Days from its newest indicator to the assessment date: how fresh it is. A durable type counts
     * in full while in force, but a rule may weigh its news value by this (v2: coercion is acute).
     */
    public int getAgeDays() {
        return newestDay == Integer.MIN_VALUE ? 0 : Math.max(0, asOfDay - newestDay);
    }

    /**
     * Its score as news: a durable type's score halving every {@code halfLifeDays} after its newest
     * indicator, other types' score as it is (they decay by their half-life already). A rule that
     * weighs durable evidence as acute pressure uses it (v2: a sanction in force presses while it is news).
     */
    public double fading(double halfLifeDays) {
        return durable ? score * Math.pow(0.5, getAgeDays() / halfLifeDays) : score;
    }

    /** The sum of the contributions before grade factors: {@code score / unweighted} is the mean grade factor. */
    public double getUnweighted() {
        return unweighted;
    }

    /** Every indicator behind it is graded F6, cannot be judged. */
    public boolean isAllUnjudged() {
        return allUnjudged;
    }

    /** How many distinct publishers are behind it (at most {@link #MAX_SOURCES}); {@link #source} reads them without a copy. */
    int sourceCount() {
        return sourceCount;
    }

    int source(int i) {
        return sources[i];
    }

    /** The distinct publishers behind it, as numbers, at most {@link #MAX_SOURCES}. */
    public int[] sources() {
        return sources == null ? new int[0] : Arrays.copyOf(sources, sourceCount);
    }

    public String getActor() {
        return actor;
    }

    public String getTarget() {
        return target;
    }

    /** The member of the unordered pair that sorts first. */
    public String getA() {
        return a;
    }

    public String getB() {
        return b;
    }

    public String getType() {
        return type;
    }

    public Polarity getPolarity() {
        return polarity;
    }

    public boolean isHostile() {
        return polarity == Polarity.HOSTILE;
    }

    public boolean isDurable() {
        return durable;
    }

    /** Both parties are states (not a bloc): only such evidence counts toward a pair's alignment. */
    public boolean isBetweenStates() {
        return betweenStates;
    }

    /** At least one indicator is in force at the assessment date (see the methodology in README). */
    public boolean isInForce() {
        return inForce;
    }

    /** The sum of the contributions, always ≥ 0. */
    public double getScore() {
        return score;
    }

    /** The score, negative for hostile evidence: what it adds to an alignment. */
    public double getSignedScore() {
        return polarity == Polarity.HOSTILE ? -score : score;
    }

    public int getCount() {
        return count;
    }

    /** The snapshot rows of the indicators behind this evidence. */
    public int[] rows() {
        return Arrays.copyOf(rows, count);
    }

    /** Whether any of the given facts is evidence of the given type. */
    public static boolean anyOfType(java.util.Collection<?> facts, String type) {
        for (Object o : facts) {
            if (o instanceof Evidence e && e.type.equals(type)) {
                return true;
            }
        }
        return false;
    }

    public boolean involves(String state) {
        return actor.equals(state) || target.equals(state);
    }

    public String other(String state) {
        return actor.equals(state) ? target : actor;
    }

    public String getPairKey() {
        return pairKey;
    }

    public String describe() {
        return type + " " + actor + "→" + target + " (" + count + " indicator" + (count == 1 ? "" : "s") + ", "
                + Conclusion.format(score) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
