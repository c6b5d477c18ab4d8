package org.mandala.rules;

import java.util.List;

/**
 * A premise of a rule, written beside it as a parameterised DRL {@code query} with
 * {@code @premiseOf("rule name")}: why-not runs it with the actors bound to its parameters, and
 * rule tests check that it holds wherever the rule drew a conclusion.
 *
 * @param name         the query's name: what an analyst reads, with {@code {parameter}} and {@code {focus}} placeholders
 * @param rule         the rule it is a premise of
 * @param parameters   the query's parameters in order, without their {@code $}
 * @param lists        which of them take every actor at once (declared {@code List})
 * @param actual       the property of the query's {@code $fact} that is measured, or null
 * @param atLeastParameter the parameter of {@code parameters.drl.csv} the actual must reach, or null
 * @param atLeastAlignment the level setting of {@code levels.drl.csv} an alignment must reach, or null
 * @param evidenceType the indicator type whose evidence the actual weighs, for the least extra evidence, or null
 * @param eachPair     run once for each pair of the actors rather than once for all
 */
public record Premise(String name, String rule, List<String> parameters, List<Boolean> lists, String actual,
                      String atLeastParameter, String atLeastAlignment, String evidenceType, boolean eachPair) {

    /** The parameters that actors bind, by role: none for a premise checked for each pair. */
    public List<String> roles() {
        return eachPair ? List.of() : parameters;
    }

    public boolean isList(String parameter) {
        int i = parameters.indexOf(parameter);
        return i >= 0 && lists.get(i);
    }
}
