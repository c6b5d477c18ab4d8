package org.mandala.rules;

/**
 * Published when a session of a ruleset reached one of its bounds on real data (an assessment,
 * not a candidate's rule test), so that the lifecycle can report it and roll the version back.
 *
 * @param failure what stopped the session: the bound, the rule and the version
 */
public record RuleBoundReached(RuleBoundException failure) {
}
