package org.mandala.explanation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a conclusion was not drawn, or not at a level ({@code GET /api/explanations/why-not}): the
 * rules that could draw it, each condition held or failed with its actual and required values,
 * and where it can be computed the least additional evidence that would change the answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WhyNot(String question, boolean drawn, String explanationId, List<RuleCheck> rules) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleCheck(String name, String file, boolean fires, List<Condition> conditions, String leastChange) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String text, boolean held, Double actual, Double required) {
    }
}
