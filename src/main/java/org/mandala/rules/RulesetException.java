package org.mandala.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A ruleset that does not compile or lacks part of its configuration; lists every problem. */
public class RulesetException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RulesetException(List<RuleProblem> problems) {
        super("the ruleset cannot be used:\n" + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
