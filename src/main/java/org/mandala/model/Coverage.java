package org.mandala.model;

/**
 * How much of the data concerns the focus state at the assessment date (v2): the indicators with
 * the focus as actor or target that still count, their independent publishers, and the calendar
 * months they fall in. A rule of {@code autonomy.drl} judges whether that is enough to assess the
 * focus's autonomy risk at all; until one does, it is not.
 */
public final class Coverage {
    private final String focus;
    private final int indicators;
    private final int sources;
    private final int months;
    private boolean sufficient;
    private String rule;

    public Coverage(String focus, int indicators, int sources, int months) {
        this.focus = focus;
        this.indicators = indicators;
        this.sources = sources;
        this.months = months;
    }

    public String getFocus() {
        return focus;
    }

    public int getIndicators() {
        return indicators;
    }

    public int getSources() {
        return sources;
    }

    public int getMonths() {
        return months;
    }

    /** Whether a rule found the data enough to assess the focus. */
    public boolean isSufficient() {
        return sufficient;
    }

    public void setSufficient(boolean sufficient) {
        this.sufficient = sufficient;
    }

    /** The rule that judged the data sufficient, or null while none has. */
    public String getRule() {
        return rule;
    }

    public void setRule(String rule) {
        this.rule = rule;
    }

    @Override
    public String toString() {
        return "coverage of " + focus + ": " + indicators + " indicators, " + sources + " sources, " + months + " months"
                + (sufficient ? "" : ", insufficient");
    }
}
