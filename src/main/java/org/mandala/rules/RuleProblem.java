package org.mandala.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A reason a ruleset cannot be used: the file (relative to the rules directory, or empty for the
 * ruleset as a whole), the line when known (0 otherwise), a message, and for a decision table the
 * cell ({@code sheet 1, row 18, column D (Weight (points))}) rather than a line of generated DRL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleProblem(String file, int line, String message, String cell) {

    public RuleProblem(String file, int line, String message) {
        this(file, line, message, null);
    }

    @Override
    public String toString() {
        return (file.isEmpty() ? "ruleset" : file) + (cell != null ? ", " + cell : line > 0 ? ":" + line : "") + ": " + message;
    }
}
