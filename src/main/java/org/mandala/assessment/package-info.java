/**
 * Assessments: weighing the indicators of a data version at a date into evidence, running the
 * active ruleset over it for a focus state, and caching the result by (focus, date, data version,
 * ruleset version) so that any replica with the same data and rules gives the same answer; and
 * running the premises a rule names beside it ({@link org.mandala.assessment.Premises}) over an
 * assessment's facts, for why-not and rule tests. Uses indicators, rules and the fact model.
 */
package org.mandala.assessment;
