package org.mandala.explanation;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a conclusion holds (CONTRACT section 4, {@code GET /api/explanations/{id}}).
 *
 * @param arithmetic how the score follows from what it rests on, with the numbers
 * @param because what the rule used: indicators with their arithmetic (weight × grade factor × magnitude
 *                factor × decay is what an indicator weighs; times {@code factor}, the share of it the
 *                score keeps after the rule's curve, it is the contribution; the contributions add up
 *                to the score), and nested explanations
 * @param omitted indicators left out of {@code because} to keep it readable (the smallest
 *                contributions), with their summed contribution in {@code omittedContribution}
 * @param omittedConclusions conclusions used but not expanded here (past the first ones); each has
 *                its own explanation id in the assessment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(String id, String conclusion, String confidence, Rule rule, String narrative, String arithmetic,
                          List<Because> because,
                          Integer omitted, Double omittedContribution, Integer omittedConclusions) {

    public record Rule(String name, String description, String file) {
    }

    /** One thing a rule used: an indicator (with its arithmetic when it was weighed) or another conclusion. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Because(IndicatorEntry indicator, Double weight, Double gradeFactor, Double magnitudeFactor, Double decay, Double factor,
                          Double contribution,
                          Explanation explanation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndicatorEntry(String id, LocalDate date, LocalDate until, String type, String actor, String target,
                                 Double magnitude, String unit, String grade, String source, String summary) {
    }
}
