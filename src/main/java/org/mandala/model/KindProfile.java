package org.mandala.model;

/**
 * A kind of threat, as a policy team set it in {@code rules/kinds.drl.csv}: what the assessment,
 * explanations, reports and the dashboard call it, what it means, and the least level a threat of
 * that kind has whatever its score.
 *
 * @param kind        the code rules draw it with, e.g. {@code HOSTILE_AXIS}
 * @param label       its name for people, e.g. "Hostile axis"
 * @param description one sentence on what it means for the focus
 * @param floor       the least level of a threat of this kind
 * @param component   which component of the autonomy risk its threats press on: {@code STRUCTURAL}
 *                    (durable alignments, axes, disputes, treaties) or {@code ACUTE} (recent events)
 */
public record KindProfile(String kind, String label, String description, RiskLevel floor, String component) {
    public static final String STRUCTURAL = "STRUCTURAL";
    public static final String ACUTE = "ACUTE";

    /** The profile of a kind the table does not list: its code as its name, no floor, structural. */
    public static KindProfile unlisted(String kind) {
        return new KindProfile(kind, kind, "", RiskLevel.LOW, STRUCTURAL);
    }
}
