/**
 * Rulesets: reading the files under {@code rules/} (DRL and decision tables), compiling them into
 * a Drools {@code KieBase}, extracting the {@link org.mandala.model.Configuration} the decision
 * tables define, and holding the active ruleset that assessments use. Uses the fact model only.
 */
package org.mandala.rules;
