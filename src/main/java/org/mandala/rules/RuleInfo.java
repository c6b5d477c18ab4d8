package org.mandala.rules;

/**
 * What an explanation says about a rule: its name, its description and wording template from the
 * metadata ({@code @description}, {@code @wording}; see {@link Wording}), its file.
 */
public record RuleInfo(String name, String description, String wording, String file) {
}
