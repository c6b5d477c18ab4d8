package org.mandala.model;

/**
 * A tripwire, as a policy team set it in the tripwires table of {@code rules/warnings.drl.csv}:
 * the code the rules of {@code warnings.drl} draw its warnings with, what people call it, the least
 * severity of its warnings, and what crossing it means.
 *
 * @param code        e.g. {@code NEW_THREAT}
 * @param label       e.g. "New grave threat"
 * @param severity    the least severity of its warnings; a rule may raise it (e.g. to the threat's level)
 * @param description one sentence on what crossing it means
 */
public record TripwireProfile(String code, String label, RiskLevel severity, String description) {
}
