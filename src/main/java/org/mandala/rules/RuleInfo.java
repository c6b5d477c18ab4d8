package org.mandala.rules;

/** What an explanation says about a rule: its name, its description from the metadata, its file. */
public record RuleInfo(String name, String description, String file) {
}
