/**
 * Assessments: weighing the indicators of a data version at a date into evidence, running the
 * active ruleset over it for a focus state, and caching the result by (focus, date, data version,
 * ruleset version) so that any replica with the same data and rules gives the same answer.
 * Uses indicators, rules and the fact model.
 */
package org.mandala.assessment;
