package org.mandala.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Something the rules concluded. It remembers the rule that drew it and the facts it used
 * (evidence or other conclusions), and the rules that amended it afterwards, so an explanation
 * can be built as a tree down to indicators. Only references are kept here: explanations are
 * built on request, never on the hot path.
 *
 * <p>Two conclusions with the same {@link #key()} are equal: that is what truth maintenance
 * ({@code insertLogical}) uses to merge equal conclusions.
 *
 * <p>Each type answers for itself what the API, the explanations and the rule tests ask of any
 * conclusion ({@link #levelName()}, {@link #shownScore()}, {@link #actors()}, {@link #placeholders()}), so
 * no caller needs to ask which type it holds for those. They are not named {@code level()} or
 * {@code score()}: Drools reads a method named like a property before its getter, and the rules
 * compare {@code level} with the typed {@code getLevel()}.
 */
public abstract sealed class Conclusion permits Alignment, Hostility, Adversary, Partner, Axis, Threat, Balancing, Autonomy, Warning {

    /** A later change to a conclusion by another rule, e.g. a treaty raising an alignment's level. */
    public record Amendment(String rule, String change, List<Object> grounds) {
    }

    private final ConclusionKey key;
    private String rule;
    private List<Object> grounds = List.of();
    private final List<Amendment> amendments = new ArrayList<>(0);

    Conclusion(ConclusionKey key) {
        this.key = key;
    }

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

    /** Stable identity of the conclusion within one assessment; it prints as e.g. {@code A.PRK-RUS}. */
    public final ConclusionKey key() {
        return key;
    }

    /** The states the conclusion names, sorted by code. */
    public final List<String> actors() {
        return key.actors();
    }

    /** The name of its level ({@code STRONG}, {@code HIGH}, ...), or null for a type that has none. */
    public String levelName() {
        return null;
    }

    /** Its score on the 0–100 scale the API shows, unrounded, or null for a type that has none. */
    public Double shownScore() {
        return null;
    }

    /** One line a person reads, e.g. {@code PRK–RUS alignment STRONG (68.2)}. */
    public abstract String describe();

    /**
     * The placeholders it fills in its rule's wording (see {@code org.mandala.rules.Wording}), beyond
     * {@code conclusion} and {@code focus} which every conclusion fills, e.g. {@code a}, {@code b},
     * {@code level}, {@code score}, {@code actors}.
     */
    public abstract Map<String, String> placeholders();

    @Override
    public final boolean equals(Object o) {
        return o instanceof Conclusion c && c.key.equals(key);
    }

    @Override
    public final int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A score as it is written in descriptions and wordings: one decimal. */
    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    /** The states of a list as a sentence names them: {@code A, B and C}. */
    static String sentence(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
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
