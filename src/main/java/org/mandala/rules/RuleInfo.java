package org.mandala.rules;

/**
 * What an explanation says about a rule: its name, its description and wording template from the
 * metadata ({@code @description}, {@code @wording}; see {@link Wording}), its file, and what it
 * draws ({@code @draws}: a kind of threat, {@code ALIGNMENT} or {@code AUTONOMY}; empty when it
 * says none) and, for a rule that lifts a conclusion's level rather than drawing it, the level it
 * lifts it to ({@code @raisesTo}: a level, or a level setting of {@code levels.drl.csv}).
 */
public record RuleInfo(String name, String description, String wording, String file, String draws, String raisesTo) {

    public RuleInfo(String name, String description, String wording, String file) {
        this(name, description, wording, file, "", "");
    }
}
