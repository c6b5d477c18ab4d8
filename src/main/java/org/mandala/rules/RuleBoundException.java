package org.mandala.rules;

/**
 * A rule session stopped at one of its {@link SessionBounds}: too many firings, too long, or rule
 * code that looped, recursed or allocated past its bound. Names the rule that fired most (or whose
 * code was running) and the ruleset version, so a policy team knows what to mend.
 */
public class RuleBoundException extends RuntimeException {
    /** Which bound stopped the session. */
    public enum Bound { FIRINGS, TIME, CODE }

    private final Bound bound;
    private final String rule;
    private final String rulesetVersion;

    public RuleBoundException(Bound bound, String rule, String rulesetVersion, String message) {
        super(message, null, false, false);
        this.bound = bound;
        this.rule = rule;
        this.rulesetVersion = rulesetVersion;
    }

    public Bound bound() {
        return bound;
    }

    /** The rule that fired most, or whose code was running when the bound was reached; may be empty when unknown. */
    public String rule() {
        return rule;
    }

    public String rulesetVersion() {
        return rulesetVersion;
    }
}
