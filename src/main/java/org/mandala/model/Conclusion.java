package org.mandala.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Something the rules concluded. It remembers the rule that drew it and the facts it used
 * (evidence or other conclusions), and the rules that amended it afterwards, so an explanation
 * can be built as a tree down to indicators. Only references are kept here: explanations are
 * built on request, never on the hot path.
 *
 * <p>Two conclusions with the same {@link #key()} are equal: that is what truth maintenance
 * ({@code insertLogical}) uses to merge equal conclusions.
 */
public abstract class Conclusion {

    /** A later change to a conclusion by another rule, e.g. a treaty raising an alignment's level. */
    public record Amendment(String rule, String change, List<Object> grounds) {
    }

    private String rule;
    private List<Object> grounds = List.of();
    private final List<Amendment> amendments = new ArrayList<>(0);

    /** Records the rule that drew this conclusion and what it used; returns this for chaining in DRL. */
    public Conclusion drawnBy(String ruleName, Collection<?> used) {
        this.rule = ruleName;
        this.grounds = List.copyOf(used);
        return this;
    }

    public Conclusion drawnBy(String ruleName, Object... used) {
        return drawnBy(ruleName, java.util.Arrays.asList(used));
    }

    /** Records that a rule changed this conclusion after it was drawn. */
    public void amend(String ruleName, String change, Object... used) {
        amendments.add(new Amendment(ruleName, change, List.of(used)));
    }

    public String getRule() {
        return rule;
    }

    public List<Object> getGrounds() {
        return grounds;
    }

    public List<Amendment> getAmendments() {
        return Collections.unmodifiableList(amendments);
    }

    /** Stable identity of the conclusion within one assessment, e.g. {@code A.PRK-RUS}. */
    public abstract String key();

    /** One line a person reads, e.g. {@code PRK–RUS alignment STRONG (68.2)}. */
    public abstract String describe();

    @Override
    public final boolean equals(Object o) {
        return o instanceof Conclusion c && c.getClass() == getClass() && c.key().equals(key());
    }

    @Override
    public final int hashCode() {
        return Objects.hash(getClass(), key());
    }

    @Override
    public String toString() {
        return describe();
    }

    static String score(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    /** Rounds a score to one decimal, as it is shown. */
    public static double round1(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    /** Clamps a raw score into the 0–100 range that the API shows. */
    public static double clamp(double raw) {
        return Math.max(0.0, Math.min(100.0, raw));
    }
}
