package org.mandala.rules;

/**
 * What an explanation says about a rule: its name, its description and wording template from the
 * metadata ({@code @description}, {@code @wording}; see {@link Wording}), its file, and what it
 * draws ({@code @draws}: a kind of threat, {@code ALIGNMENT} or {@code AUTONOMY}; empty when it
 * says none) and, for a rule that lifts a conclusion's level rather than drawing it, the level it
 * lifts it to ({@code @raisesTo}: a level, or a level setting of {@code levels.drl.csv}).
 */
public record RuleInfo(String name, String description, String wording, String file, String draws, String raisesTo,
                       java.util.List<String> scoredBy, java.util.List<String> lowers, String arithmetic) {

    public RuleInfo(String name, String description, String wording, String file, String draws, String raisesTo) {
        this(name, description, wording, file, draws, raisesTo, java.util.List.of(), java.util.List.of(), "");
    }

    public RuleInfo(String name, String description, String wording, String file) {
        this(name, description, wording, file, "", "");
    }

    /**
     * Whether a ground of a conclusion this rule drew feeds its score ({@code @scoredBy}: the types
     * of grounds that do, e.g. {@code "Alignment"}, {@code "Evidence"}). Without it, evidence and the
     * grounds that have a score do, and conditions (a partner, an adversary) do not.
     */
    public boolean scores(String groundType, boolean groundHasScore) {
        return scoredBy.isEmpty() ? groundType.equals("Evidence") || groundHasScore : scoredBy.contains(groundType);
    }

    /**
     * Whether a ground takes away from the score rather than adding ({@code @lowers}: types of
     * grounds, or {@code "hostile Evidence"} for evidence of hostile types).
     */
    public boolean lowers(String groundType, boolean hostile) {
        return lowers.contains(groundType) || (hostile && lowers.contains("hostile " + groundType));
    }
}
