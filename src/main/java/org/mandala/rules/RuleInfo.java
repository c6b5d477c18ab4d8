package org.mandala.rules;

/**
 * What an explanation says about a rule: its name, its description and wording template from the
 * metadata ({@code @description}, {@code @wording}; see {@link Wording}), its file, and what it
 * draws ({@code @draws}: a kind of threat, or {@code AUTONOMY}; empty when it says none).
 */
public record RuleInfo(String name, String description, String wording, String file, String draws) {

    public RuleInfo(String name, String description, String wording, String file) {
        this(name, description, wording, file, "");
    }
}
