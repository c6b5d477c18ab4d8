package org.mandala.rules;

/**
 * A reason a ruleset cannot be used: the file (relative to the rules directory, or empty for the
 * ruleset as a whole), the line when known (0 otherwise) and a message.
 */
public record RuleProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return (file.isEmpty() ? "ruleset" : file) + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
